using KernelGen.Kernels;
using KernelGen.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// Every GEMM variant on every backend against MathNet's double-precision product.
/// Tolerance: |got - ref| &lt;= 4·ε₃₂·√k·Σₚ|αAᵢₚBₚⱼ| + |β·Cᵢⱼ|·ε₃₂ + |biasⱼ|·ε₃₂ + 1e-6 with ε₃₂ = 2⁻²³ — the usual
/// statistical bound for a float dot product of length k; a wrong index or missed tile is far outside it.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class GemmConformanceTests(string backend) : DeviceFixture(backend)
{
    private static readonly (bool A, bool B)[] Transposes = [(false, false), (true, false), (false, true), (true, true)];

    private static string T(bool ta, bool tb) => $"{(ta ? "T" : "N")}{(tb ? "T" : "N")}";

    public static IEnumerable<TestCaseData> Shapes()
    {
        // 1, primes, and sizes that divide none of the tiles (32, 64, 128) or the depth (16).
        int[][] shapes = [[1, 1, 1], [1, 7, 13], [7, 1, 3], [17, 31, 29], [64, 64, 64], [65, 63, 67], [129, 257, 131], [300, 5, 70], [37, 131, 263]];
        foreach (var v in GemmVariant.All)
            foreach (var s in shapes)
                foreach (var (ta, tb) in Transposes)
                    yield return new TestCaseData(v.Name, s[0], s[1], s[2], ta, tb).SetName($"gemm {v.Name} {s[0]}x{s[1]}x{s[2]} {T(ta, tb)}");
    }

    public static IEnumerable<TestCaseData> BatchedCases()
    {
        foreach (var v in GemmVariant.All)
            foreach (var (ta, tb) in Transposes)
                foreach (var share in new[] { "A", "B", "none" })
                    yield return new TestCaseData(v.Name, ta, tb, share).SetName($"batched {v.Name} {T(ta, tb)} shared {share}");
    }

    [TestCaseSource(nameof(Shapes))]
    public void MatchesDoubleReference(string variant, int m, int n, int k, bool transA, bool transB) =>
        Check(GemmVariant.ByName(variant)!, m, n, k, transA, transB, batch: 1, shareA: false, shareB: false, withBias: false);

    [TestCaseSource(nameof(BatchedCases))]
    public void BatchedWithBiasMatchesDoubleReference(string variant, bool transA, bool transB, string share) =>
        Check(GemmVariant.ByName(variant)!, 37, 45, 19, transA, transB, batch: 3, share == "A", share == "B", withBias: true);

    /// <summary>The convolution's per-channel bias: bias[i] added to row i of every item, in the epilogue.</summary>
    [TestCaseSource(nameof(BatchedCases))]
    public void BatchedWithRowBiasMatchesDoubleReference(string variant, bool transA, bool transB, string share) =>
        Check(GemmVariant.ByName(variant)!, 37, 45, 19, transA, transB, batch: 3, share == "A", share == "B", withBias: true, biasPerRow: true);

    [Test]
    public void DefaultSelectionMatchesDoubleReference() =>
        Check(null, 70, 33, 50, false, true, batch: 2, shareA: false, shareB: true, withBias: true);

    /// <summary>
    /// Batch-reduced: C = α·Σᵢ op(Aᵢ)·op(Bᵢ) + β·C (+ bias) in one launch, the convolution's weight gradient over a block
    /// of images; the tolerance counts the k·batch summed terms.
    /// </summary>
    [TestCaseSource(nameof(BatchedCases))]
    public void SumOverItemsMatchesDoubleReference(string variant, bool transA, bool transB, string share)
    {
        var launches = Acc.Counters.Launches;
        Check(GemmVariant.ByName(variant)!, 37, 45, 19, transA, transB, batch: 5, share == "A", share == "B", withBias: true, biasPerRow: true, sumItems: true);
        Assert.That(Acc.Counters.Launches - launches, Is.EqualTo(1), "one launch for the sum over items");
    }

    private void Check(GemmVariant? variant, int m, int n, int k, bool transA, bool transB, int batch, bool shareA, bool shareB, bool withBias,
        bool biasPerRow = false, bool sumItems = false)
    {
        const float alpha = 0.75f, beta = -0.5f;
        int lda = (transA ? m : k) + 1, ldb = (transB ? k : n) + 2, ldc = n + 3; // strides wider than the rows
        int sizeA = (transA ? k : m) * lda, sizeB = (transB ? n : k) * ldb, sizeC = m * ldc + 5; // gaps between items
        int strideA = shareA ? 0 : sizeA + 3, strideB = shareB ? 0 : sizeB + 1, strideC = sizeC;
        var a = Reference.Random((batch - 1) * strideA + sizeA, seed: 1);
        var b = Reference.Random((batch - 1) * strideB + sizeB, seed: 2);
        var c = Reference.Random(sumItems ? sizeC : batch * strideC, seed: 3);
        var bias = Reference.Random(biasPerRow ? m : n, seed: 4);
        using var ab = Acc.Allocate<float>(a, "A");
        using var bb = Acc.Allocate<float>(b, "B");
        using var cb = Acc.Allocate<float>(c, "C");
        using var biasb = Acc.Allocate<float>(bias, "bias");
        Blas.GemmStridedBatched(Stream, transA, transB, m, n, k, alpha, ab, lda, strideA, bb, ldb, strideB, beta, cb, ldc, strideC,
            batch, withBias ? biasb.View : default, variant, biasPerRow: biasPerRow, sumItems: sumItems);
        var got = cb.ToArray();

        var expected = (double[])Array.ConvertAll(c, x => (double)x);
        var products = new double[c.Length];
        var magnitudes = new double[c.Length];
        var written = new bool[c.Length];
        for (int item = 0; item < batch; item++)
        {
            int oa = item * strideA, ob = item * strideB, oc = sumItems ? 0 : item * strideC;
            double A(int i, int p) => transA ? a[oa + p * lda + i] : a[oa + i * lda + p];
            double B(int p, int j) => transB ? b[ob + j * ldb + p] : b[ob + p * ldb + j];
            var product = Matrix<double>.Build.Dense(m, k, A) * Matrix<double>.Build.Dense(k, n, B);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) // padding between rows and items keeps its value
                {
                    int idx = oc + i * ldc + j;
                    for (int p = 0; p < k; p++) magnitudes[idx] += Math.Abs(alpha * A(i, p) * B(p, j));
                    products[idx] += alpha * product[i, j];
                    written[idx] = true;
                }
        }
        var tol = new double[c.Length];
        int terms = sumItems ? k * batch : k;
        for (int idx = 0; idx < c.Length; idx++)
        {
            if (!written[idx]) { tol[idx] = 0; continue; }
            int i = idx % (sumItems ? sizeC : strideC) / ldc, j = idx % (sumItems ? sizeC : strideC) % ldc;
            double add = withBias ? bias[biasPerRow ? i : j] : 0;
            expected[idx] = products[idx] + beta * c[idx] + add;
            tol[idx] = 4 * Math.Pow(2, -23) * Math.Sqrt(terms) * magnitudes[idx] + (Math.Abs(beta * c[idx]) + Math.Abs(add)) * Math.Pow(2, -23) + 1e-6;
        }
        Reference.AssertClose(got, expected, i => tol[i], $"gemm {variant?.Name ?? "auto"} {m}x{n}x{k} {T(transA, transB)} batch {batch}{(sumItems ? " summed" : "")}");
    }

    public static IEnumerable<TestCaseData> RowSumCases()
    {
        int[][] shapes = [[1, 1, 1], [17, 31, 29], [65, 63, 67], [129, 20, 300]];
        foreach (var v in GemmVariant.All)
            foreach (var s in shapes)
                foreach (bool ta in new[] { false, true })
                    yield return new TestCaseData(v.Name, s[0], s[1], s[2], ta).SetName($"row sums {v.Name} {s[0]}x{s[1]}x{s[2]} {(ta ? "T" : "N")}N");
    }

    /// <summary>
    /// The bias gradient fused into the weight-gradient GEMM: rowSums[i] += α·Σₖ op(A)[i, k] beside the product, against
    /// double sums (tolerance 4·ε₃₂·√k·Σₖ|α·op(A)ᵢₖ| + |initial|·ε₃₂ + 1e-6); C is checked as in the other cases.
    /// </summary>
    [TestCaseSource(nameof(RowSumCases))]
    public void RowSumsOfAMatchDoubleReference(string variant, int m, int n, int k, bool transA)
    {
        const float alpha = 0.75f;
        int lda = (transA ? m : k) + 1;
        var a = Reference.Random((transA ? k : m) * lda, seed: 11);
        var b = Reference.Random(k * n, seed: 12);
        var sums = Reference.Random(m, seed: 13);
        using var ab = Acc.Allocate<float>(a, "A");
        using var bb = Acc.Allocate<float>(b, "B");
        using var cb = Acc.Allocate<float>(m * n, "C");
        using var sb = Acc.Allocate<float>(sums, "row-sums");
        Blas.GemmStridedBatched(Stream, transA, false, m, n, k, alpha, ab, lda, 0, bb, n, 0, 0f, cb, n, 0, 1,
            variant: GemmVariant.ByName(variant), rowSums: sb.View);
        var expected = new double[m];
        var tol = new double[m];
        for (int i = 0; i < m; i++)
        {
            double s = 0, mag = 0;
            for (int p = 0; p < k; p++)
            {
                double v = alpha * (double)(transA ? a[p * lda + i] : a[i * lda + p]);
                s += v;
                mag += Math.Abs(v);
            }
            expected[i] = sums[i] + s;
            tol[i] = 4 * Math.Pow(2, -23) * Math.Sqrt(k) * mag + Math.Abs(sums[i]) * Math.Pow(2, -23) + 1e-6;
        }
        Reference.AssertClose(sb.ToArray(), expected, i => tol[i], $"row sums {variant} {m}x{n}x{k}");
        var c = cb.ToArray();
        for (int i = 0; i < m; i += Math.Max(1, m / 5))
            for (int j = 0; j < n; j += Math.Max(1, n / 5))
            {
                double s = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double v = alpha * (double)(transA ? a[p * lda + i] : a[i * lda + p]) * b[p * n + j];
                    s += v;
                    mag += Math.Abs(v);
                }
                Assert.That(c[i * n + j], Is.EqualTo(s).Within(4 * Math.Pow(2, -23) * Math.Sqrt(k) * mag + 1e-6), $"C[{i},{j}]");
            }
    }

    [Test]
    public void RowSumsNeedOneItemAndNoBias()
    {
        using var ab = Acc.Allocate<float>(4, "A");
        using var cb = Acc.Allocate<float>(8, "C");
        using var sb = Acc.Allocate<float>(1, "sums-short");
        var e = Assert.Throws<ArgumentException>(() =>
            Blas.GemmStridedBatched(Stream, false, false, 2, 2, 2, 1f, ab, 2, 0, ab, 2, 0, 0f, cb, 2, 0, 1, rowSums: sb.View));
        Assert.That(e!.Message, Does.Contain("sums-short").And.Contain("m = 2"));
    }

    [Test]
    public void LinearIsXTimesWTransposedPlusBias()
    {
        const int rows = 5, inF = 19, outF = 11;
        var x = Reference.Random(rows * inF, 6);
        var w = Reference.Random(outF * inF, 7);
        var bias = Reference.Random(outF, 8);
        using var xb = Acc.Allocate<float>(x, "x");
        using var wb = Acc.Allocate<float>(w, "w");
        using var bb = Acc.Allocate<float>(bias, "b");
        using var yb = Acc.Allocate<float>(Enumerable.Repeat(float.NaN, rows * outF).ToArray(), "y");
        Blas.Linear(Stream, xb, wb, bb, yb, rows, inF, outF);
        var expected = new double[rows * outF];
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < outF; o++)
            {
                double s = bias[o];
                for (int i = 0; i < inF; i++) s += (double)x[r * inF + i] * w[o * inF + i];
                expected[r * outF + o] = s;
            }
        Reference.AssertClose(yb.ToArray(), expected, _ => 1e-5, "linear");
    }

    [Test]
    public void BetaZeroDoesNotReadC([ValueSource(typeof(GemmVariant), nameof(GemmVariant.All))] GemmVariant variant)
    {
        const int m = 33, n = 17, k = 9;
        var a = Reference.Random(m * k, 4);
        var b = Reference.Random(k * n, 5);
        using var ab = Acc.Allocate<float>(a, "A");
        using var bb = Acc.Allocate<float>(b, "B");
        using var cb = Acc.Allocate<float>(Enumerable.Repeat(float.NaN, m * n).ToArray(), "C");
        Blas.GemmStridedBatched(Stream, false, false, m, n, k, 1f, ab, k, 0, bb, n, 0, 0f, cb, n, 0, 1, variant: variant);
        Assert.That(cb.ToArray(), Is.All.Not.NaN);
    }

    [Test]
    public void ZeroDepthScalesCAndAddsBias()
    {
        using var ab = Acc.Allocate<float>(1, "A");
        using var cb = Acc.Allocate<float>([1f, 2f, 3f, 4f], "C");
        using var biasb = Acc.Allocate<float>([10f, 20f], "bias");
        Blas.GemmStridedBatched(Stream, false, false, 2, 2, 0, 1f, ab, 0, 0, ab, 2, 0, 2f, cb, 2, 0, 1, biasb.View);
        Assert.That(cb.ToArray(), Is.EqualTo(new[] { 12f, 24f, 16f, 28f }));
    }

    [Test]
    public void OperandTooSmallIsRejectedBeforeLaunch()
    {
        using var ab = Acc.Allocate<float>(10 * 20, "A");
        using var bb = Acc.Allocate<float>(19 * 5, "B-short");
        using var cb = Acc.Allocate<float>(10 * 5, "C");
        var ex = Assert.Throws<ArgumentException>(() =>
            Blas.Gemm(Stream, false, false, 10, 5, 20, 1f, ab, 20, bb, 5, 0f, cb, 5));
        Assert.That(ex!.Message, Does.Contain("B-short").And.Contain("95").And.Contain("20×5").And.Contain("100"));
    }

    [Test]
    public void StrideSmallerThanRowIsRejected()
    {
        using var ab = Acc.Allocate<float>(200, "A");
        using var cb = Acc.Allocate<float>(200, "C");
        var ex = Assert.Throws<ArgumentException>(() =>
            Blas.Gemm(Stream, false, false, 10, 10, 10, 1f, ab, 9, ab, 10, 0f, cb, 10));
        Assert.That(ex!.Message, Does.Contain("row stride is 9"));
    }

    [Test]
    public void BadBatchArgumentsAreRejected()
    {
        using var ab = Acc.Allocate<float>(3 * 4 * 5, "A");
        using var bb = Acc.Allocate<float>(5 * 6, "B");
        using var cb = Acc.Allocate<float>(3 * 4 * 6, "C");
        using var shortBias = Acc.Allocate<float>(5, "bias-short");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Blas.GemmStridedBatched(Stream, false, false, 4, 6, 5, 1f, ab, 5, 20, bb, 6, 0, 0f, cb, 6, 24, 0));
        Assert.That(ex!.Message, Does.Contain("batch is 0"));
        var e2 = Assert.Throws<ArgumentException>(() =>
            Blas.GemmStridedBatched(Stream, false, false, 4, 6, 5, 1f, ab, 5, 20, bb, 6, 0, 0f, cb, 6, 24, 3, shortBias.View));
        Assert.That(e2!.Message, Does.Contain("bias-short").And.Contain("5 elements").And.Contain("n = 6"));
        var e3 = Assert.Throws<ArgumentException>(() => // the third A would end past the buffer
            Blas.GemmStridedBatched(Stream, false, false, 4, 6, 5, 1f, ab, 5, 21, bb, 6, 0, 0f, cb, 6, 24, 3));
        Assert.That(e3!.Message, Does.Contain("'A'").And.Contain("60 elements").And.Contain("3 items at batch stride 21").And.Contain("needs 62"));
        var e4 = Assert.Throws<ArgumentException>(() => // C items would overlap: a write race
            Blas.GemmStridedBatched(Stream, false, false, 4, 6, 5, 1f, ab, 5, 20, bb, 6, 0, 0f, cb, 6, 10, 3));
        Assert.That(e4!.Message, Does.Contain("overlap").And.Contain("24"));
        var e5 = Assert.Throws<ArgumentException>(() => // inner dimension: B holds 5×6, but k = 7 needs 7×6
            Blas.GemmStridedBatched(Stream, false, false, 4, 6, 7, 1f, cb, 7, 0, bb, 6, 0, 0f, cb, 6, 24, 1));
        Assert.That(e5!.Message, Does.Contain("'B'").And.Contain("7×6").And.Contain("needs 42"));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Blas.GemmStridedBatched(Stream, false, false, 4, 6, 5, 1f, ab, 5, -1, bb, 6, 0, 0f, cb, 6, 24, 2));
    }
}
