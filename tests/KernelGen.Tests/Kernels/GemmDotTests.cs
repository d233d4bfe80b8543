using KernelGen.Kernels.Cpu;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// The dot-product form of C = beta·C + A·Bᵀ (small outputs, long inner dimension) against a double reference, with
/// partial tiles and a vector tail; tolerance as <see cref="CpuGemmTests"/>: 1e-5·√k·Σ|terms| + 1e-6.
/// </summary>
public sealed unsafe class GemmDotTests
{
    [TestCase(16, 9, 100_352, 0f)]
    [TestCase(1, 1, 7, 0f)]
    [TestCase(5, 3, 129, 1f)]
    [TestCase(64, 16, 1569, 1f)]
    [TestCase(7, 13, 64, 0.5f)]
    public void MatchesTheDoubleReference(int m, int n, int k, float beta)
    {
        var rng = new Random(m * 1000 + n);
        float[] Random(int count) => Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        int lda = k + 3, ldb = k + 1, ldc = n + 2;
        float[] a = Random(m * lda), b = Random(n * ldb), c = Random(m * ldc), before = (float[])c.Clone();
        fixed (float* pa = a, pb = b, pc = c) GemmDot.NT(m, n, k, pa, lda, pb, ldb, beta, pc, ldc);
        CpuGemmTests.Verify(m, n, k, false, true, 1f, a, lda, b, ldb, beta, before, c, ldc, null);
    }
}
