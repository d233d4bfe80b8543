using KernelGen.Kernels.Cpu;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// The short-inner-dimension form of C = beta·C + op(A)·B against a double reference, with partial row blocks, column
/// tails and both layouts of A; tolerance as <see cref="CpuGemmTests"/>: 1e-5·√k·Σ|terms| + 1e-6.
/// </summary>
public sealed unsafe class GemmSmallKTests
{
    [TestCase(16, 784, 9, false, 0f)]
    [TestCase(64, 196, 16, false, 1f)]
    [TestCase(9, 196, 16, true, 0f)]
    [TestCase(5, 37, 1, false, 0.5f)]
    [TestCase(3, 100, 32, true, 1f)]
    public void MatchesTheDoubleReference(int m, int n, int k, bool transA, float beta)
    {
        var rng = new Random(m * 100 + n + k);
        float[] Random(int count) => Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        int lda = (transA ? m : k) + 2, ldb = n + 3, ldc = n + 1;
        float[] a = Random((transA ? k : m) * lda), b = Random(k * ldb), c = Random(m * ldc), before = (float[])c.Clone();
        fixed (float* pa = a, pb = b, pc = c) GemmSmallK.Run(transA, m, n, k, pa, lda, pb, ldb, beta, pc, ldc);
        CpuGemmTests.Verify(m, n, k, transA, false, 1f, a, lda, b, ldb, beta, before, c, ldc, null);
    }
}
