using KernelGen.Kernels;
using KernelGen.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// The tiled GEMM on every backend against MathNet's double-precision product.
/// Tolerance: |got - ref| &lt;= 4·ε₃₂·√k·Σₚ|αAᵢₚBₚⱼ| + |β·Cᵢⱼ|·ε₃₂ + 1e-6 with ε₃₂ = 2⁻²³ — the usual
/// statistical bound for a float dot product of length k; a wrong index or missed tile is far outside it.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class GemmConformanceTests(string backend) : DeviceFixture(backend)
{
    public static IEnumerable<TestCaseData> Shapes()
    {
        int[][] shapes = [[1, 1, 1], [1, 7, 13], [7, 1, 3], [17, 31, 29], [64, 64, 64], [65, 63, 67], [129, 257, 131], [300, 5, 70]];
        foreach (var s in shapes)
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
                yield return new TestCaseData(s[0], s[1], s[2], ta, tb).SetName($"gemm {s[0]}x{s[1]}x{s[2]} {(ta ? "T" : "N")}{(tb ? "T" : "N")}");
    }

    [TestCaseSource(nameof(Shapes))]
    public void MatchesDoubleReference(int m, int n, int k, bool transA, bool transB)
    {
        const float alpha = 0.75f, beta = -0.5f;
        int lda = (transA ? m : k) + 1, ldb = (transB ? k : n) + 2, ldc = n + 3; // strides wider than the rows
        var a = Reference.Random((transA ? k : m) * lda, seed: 1);
        var b = Reference.Random((transB ? n : k) * ldb, seed: 2);
        var c = Reference.Random(m * ldc, seed: 3);
        using var ab = Acc.Allocate<float>(a, "A");
        using var bb = Acc.Allocate<float>(b, "B");
        using var cb = Acc.Allocate<float>(c, "C");
        Blas.Gemm(Stream, transA, transB, m, n, k, alpha, ab, lda, bb, ldb, beta, cb, ldc);
        var got = cb.ToArray();

        double A(int i, int p) => transA ? a[p * lda + i] : a[i * lda + p];
        double B(int p, int j) => transB ? b[j * ldb + p] : b[p * ldb + j];
        var ma = Matrix<double>.Build.Dense(m, k, (i, p) => A(i, p));
        var mb = Matrix<double>.Build.Dense(k, n, (p, j) => B(p, j));
        var product = ma * mb;
        var expected = new double[m * ldc];
        var tol = new double[m * ldc];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < ldc; j++)
            {
                int idx = i * ldc + j;
                if (j >= n) { expected[idx] = c[idx]; continue; } // padding between rows stays untouched
                double magnitude = 0;
                for (int p = 0; p < k; p++) magnitude += Math.Abs(alpha * A(i, p) * B(p, j));
                expected[idx] = alpha * product[i, j] + beta * c[idx];
                tol[idx] = 4 * Math.Pow(2, -23) * Math.Sqrt(k) * magnitude + Math.Abs(beta * c[idx]) * Math.Pow(2, -23) + 1e-6;
            }
        Reference.AssertClose(got, expected, i => tol[i], $"gemm {m}x{n}x{k}");
    }

    [Test]
    public void BetaZeroDoesNotReadC()
    {
        const int m = 33, n = 17, k = 9;
        var a = Reference.Random(m * k, 4);
        var b = Reference.Random(k * n, 5);
        using var ab = Acc.Allocate<float>(a, "A");
        using var bb = Acc.Allocate<float>(b, "B");
        using var cb = Acc.Allocate<float>(Enumerable.Repeat(float.NaN, m * n).ToArray(), "C");
        Blas.Gemm(Stream, false, false, m, n, k, 1f, ab, k, bb, n, 0f, cb, n);
        Assert.That(cb.ToArray(), Is.All.Not.NaN);
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
}
