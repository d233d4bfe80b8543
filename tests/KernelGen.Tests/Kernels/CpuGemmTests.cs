using KernelGen.Kernels.Cpu;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// CpuGemm against a double-precision reference. Tolerance per element (i, j):
///   |got - ref| &lt;= 1e-5 * sqrt(k) * sum_p |alpha * a_ip * b_pj| + |beta * c_ij| * 1e-6 + 1e-6,
/// i.e. float rounding that grows like sqrt(k) relative to the magnitude of the summed terms.
/// </summary>
[TestFixture]
public class CpuGemmTests
{
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (1, 7, 13), (7, 1, 3), (17, 31, 29), (64, 64, 64), (129, 257, 131), (300, 5, 700), (20, 300, 200),
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var (m, n, k) in Shapes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    yield return new TestCaseData(m, n, k, ta, tb).SetArgDisplayNames($"{m}x{n}x{k}", ta ? "At" : "A", tb ? "Bt" : "B");
    }

    private static float[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>A plain product of random operands, checked against the double reference.</summary>
    internal static void CheckProduct(int m, int n, int k, bool ta, bool tb) => Check(m, n, k, ta, tb, 1f, 0f);

    /// <summary>Runs one product through the span API and checks it; ld* = 0 means tight.</summary>
    private static void Check(int m, int n, int k, bool ta, bool tb, float alpha, float beta, int padA = 0, int padB = 0,
        int padC = 0, bool withBias = false, int seed = 1)
    {
        int lda = (ta ? m : k) + padA, ldb = (tb ? k : n) + padB, ldc = n + padC;
        lda = Math.Max(1, lda); ldb = Math.Max(1, ldb); ldc = Math.Max(1, ldc);
        var a = Random((ta ? k : m) * lda, seed);
        var b = Random((tb ? n : k) * ldb, seed + 1);
        var c = beta == 0f ? Enumerable.Repeat(float.NaN, m * ldc).ToArray() : Random(m * ldc, seed + 2);
        var bias = withBias ? Random(n, seed + 3) : null;
        var before = (float[])c.Clone();
        CpuGemm.Sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias);
        Verify(m, n, k, ta, tb, alpha, a, lda, b, ldb, beta, before, c, ldc, bias);
    }

    /// <summary>Checks C against the double-precision product (padding untouched, tolerance from k and the terms' magnitude).</summary>
    internal static void Verify(int m, int n, int k, bool ta, bool tb, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, ReadOnlySpan<float> before, ReadOnlySpan<float> c, int ldc, float[]? bias)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < ldc; j++)
            {
                int at = i * ldc + j;
                if (j >= n)
                {
                    // Padding between rows must be untouched (NaN stays NaN).
                    Assert.That(BitConverter.SingleToInt32Bits(c[at]), Is.EqualTo(BitConverter.SingleToInt32Bits(before[at])), $"padding ({i},{j})");
                    continue;
                }
                double sum = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double t = (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                    sum += t;
                    mag += Math.Abs(t);
                }
                double expect = alpha * sum + (beta == 0f ? 0 : beta * (double)before[at]) + (bias?[j] ?? 0);
                double tol = 1e-5 * Math.Sqrt(k) * Math.Abs(alpha) * mag + 1e-6 * Math.Abs(expect) + 1e-6;
                if (!(Math.Abs(c[at] - expect) <= tol))
                    Assert.Fail($"C({i},{j}) = {c[at]}, expected {expect} (tolerance {tol:g3}) for {m}x{n}x{k} ta={ta} tb={tb}");
            }
    }

    [TestCaseSource(nameof(Cases))]
    public void PlainProduct(int m, int n, int k, bool ta, bool tb) => Check(m, n, k, ta, tb, 1f, 0f);

    [TestCaseSource(nameof(Cases))]
    public void AlphaBetaPaddedWithBias(int m, int n, int k, bool ta, bool tb) =>
        Check(m, n, k, ta, tb, -0.75f, 0.5f, padA: 3, padB: 5, padC: 2, withBias: true);

    [TestCaseSource(nameof(Cases))]
    public void BetaZeroIgnoresNaN(int m, int n, int k, bool ta, bool tb) =>
        Check(m, n, k, ta, tb, 2f, 0f, padC: 4, withBias: true);

    [Test]
    public void KZeroScalesC()
    {
        var c = new float[] { 1, 2, 3, 4, 5, 6 };
        CpuGemm.Sgemm(false, false, 2, 3, 0, 1f, ReadOnlySpan<float>.Empty, 1, ReadOnlySpan<float>.Empty, 3, 2f, c, 3,
            new float[] { 10, 20, 30 });
        Assert.That(c, Is.EqualTo(new float[] { 12, 24, 36, 18, 30, 42 }));
    }

    [Test]
    public void LargeSquare()
    {
        const int m = 1000, n = 1001, k = 999;
        var a = Random(m * k, 7);
        var b = Random(k * n, 8);
        var c = new float[m * n];
        CpuGemm.Sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
        // Check a sample of rows against the reference.
        for (int i = 0; i < m; i += 37)
            Verify(1, n, k, false, false, 1f, a.AsSpan(i * k, k), k, b, n, 0f, new float[n], c.AsSpan(i * n, n), n, null);
    }

    [TestCase(false, false)]
    [TestCase(true, true)]
    public void StridedBatched(bool ta, bool tb)
    {
        foreach (var (m, n, k, batch) in new[] { (5, 6, 7, 9), (70, 90, 110, 3) })
        {
            int lda = ta ? m : k, ldb = tb ? k : n, ldc = n;
            int sa = m * k + 3, sb = k * n + 1, sc = m * n + 2;
            var a = Random(sa * batch, 11);
            var b = Random(sb * batch, 12);
            var c = Random(sc * batch, 13);
            var before = (float[])c.Clone();
            CpuGemm.SgemmStridedBatched(ta, tb, m, n, k, 1.5f, a, lda, sa, b, ldb, sb, 0.25f, c, ldc, sc, batch);
            for (int i = 0; i < batch; i++)
            {
                Verify(m, n, k, ta, tb, 1.5f, a.AsSpan(i * sa), lda, b.AsSpan(i * sb), ldb, 0.25f,
                    before.AsSpan(i * sc, m * n), c.AsSpan(i * sc, m * n), ldc, null);
                for (int g = m * n; g < sc && i < batch - 1; g++) Assert.That(c[i * sc + g], Is.EqualTo(before[i * sc + g]), "gap");
            }
        }
    }

    [Test]
    public void SharedBOperand()
    {
        const int m = 9, n = 40, k = 33, batch = 4;
        var a = Random(m * k * batch, 21);
        var b = Random(k * n, 22);
        var c = new float[m * n * batch];
        CpuGemm.SgemmStridedBatched(false, false, m, n, k, 1f, a, k, m * k, b, n, 0, 0f, c, n, m * n, batch);
        for (int i = 0; i < batch; i++)
            Verify(m, n, k, false, false, 1f, a.AsSpan(i * m * k), k, b, n, 0f, new float[m * n], c.AsSpan(i * m * n, m * n), n, null);
    }

    [Test]
    public void RejectsShortSpans()
    {
        Assert.Throws<ArgumentException>(() =>
            CpuGemm.Sgemm(false, false, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            CpuGemm.Sgemm(false, false, 4, 4, 4, 1f, new float[16], 3, new float[16], 4, 0f, new float[16], 4));
    }
}
