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
        for (int i = 0; i < m; i++)
            for (int j = 0; j < ldc; j++)
            {
                if (j >= n)
                {
                    Assert.That(c[i * ldc + j], Is.EqualTo(before[i * ldc + j]), $"padding ({i}, {j}) untouched");
                    continue;
                }
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double t = (double)a[i * lda + p] * b[j * ldb + p];
                    sum += t;
                    magnitude += Math.Abs(t);
                }
                double expected = sum + beta * (double)before[i * ldc + j];
                double tolerance = 1e-5 * Math.Sqrt(k) * magnitude + 1e-6 * Math.Abs(expected) + 1e-6;
                Assert.That(c[i * ldc + j], Is.EqualTo(expected).Within(tolerance), $"C({i}, {j}) of {m}×{n}×{k}");
            }
    }
}
