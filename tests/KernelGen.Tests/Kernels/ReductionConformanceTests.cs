using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// The two-pass sum on every backend against a double-precision sum.
/// Tolerance: |got - ref| &lt;= 1e-6·Σ|x| + 1e-6: each partial adds at most a few hundred floats before the
/// tree, so the float rounding stays well inside 1e-6 of the magnitude sum.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class ReductionConformanceTests(string backend) : DeviceFixture(backend)
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(255)]
    [TestCase(256)]
    [TestCase(257)]
    [TestCase(1031)]
    [TestCase(65537)]
    [TestCase(1000003)]
    public void SumMatchesDoubleReference(int n)
    {
        var x = Reference.Random(n, seed: n);
        using var xb = Acc.Allocate<float>(x, "x");
        using var result = Acc.Allocate<float>(1, "sum");
        using var scratch = Acc.Allocate<float>(Reduce.PartialCount(n), "partials");
        Reduce.Sum(Stream, xb, result, scratch);
        double expected = x.Sum(v => (double)v);
        double magnitude = x.Sum(v => Math.Abs((double)v));
        Reference.AssertClose(result.ToArray(), [expected], _ => 1e-6 * magnitude + 1e-6, $"sum of {n}");
    }

    /// <summary>
    /// The sum of squares (a gradient's squared norm) on the one-pass and the two-pass path; every term is positive,
    /// so the same 1e-6 of the sum bounds the rounding.
    /// </summary>
    [TestCase(1)]
    [TestCase(257)]
    [TestCase(65537)]
    [TestCase(1000003)]
    public void SumOfSquaresMatchesDoubleReference(int n)
    {
        var x = Reference.Random(n, seed: 3 * n);
        using var xb = Acc.Allocate<float>(x, "x");
        using var result = Acc.Allocate<float>(1, "sum of squares");
        using var scratch = Acc.Allocate<float>(Reduce.PartialCount(n), "partials");
        Reduce.SumOfSquares(Stream, xb, result, scratch);
        double expected = x.Sum(v => (double)v * v);
        Reference.AssertClose(result.ToArray(), [expected], _ => 1e-6 * expected + 1e-6, $"sum of squares of {n}");
        Assert.That(x, Is.EqualTo(xb.ToArray()), "the input is left as it was");
    }

    /// <summary>The scaled sum (a mean in one launch per pass) on both the one-pass and the two-pass path.</summary>
    [TestCase(1031)]
    [TestCase(1000003)]
    public void ScaledSumMatchesDoubleReference(int n)
    {
        var x = Reference.Random(n, seed: 7 * n);
        using var xb = Acc.Allocate<float>(x, "x");
        using var result = Acc.Allocate<float>(1, "mean");
        using var scratch = Acc.Allocate<float>(Reduce.PartialCount(n), "partials");
        var launches = Acc.Counters.Launches;
        Reduce.Sum(Stream, xb, result, scratch, 1f / n);
        Assert.That(Acc.Counters.Launches - launches, Is.EqualTo(n <= Reduce.SinglePassLength ? 1 : 2), "no launch of its own for the scale");
        double expected = x.Sum(v => (double)v) / n;
        double magnitude = x.Sum(v => Math.Abs((double)v)) / n;
        Reference.AssertClose(result.ToArray(), [expected], _ => 1e-6 * magnitude + 1e-6, $"mean of {n}");
    }

    [Test]
    public void ScratchTooSmallIsRejectedWithSizes()
    {
        using var xb = Acc.Allocate<float>(100000, "big");
        using var result = Acc.Allocate<float>(1, "sum");
        using var scratch = Acc.Allocate<float>(2, "tiny-scratch");
        var ex = Assert.Throws<ArgumentException>(() => Reduce.Sum(Stream, xb, result, scratch));
        Assert.That(ex!.Message, Does.Contain("tiny-scratch").And.Contain("100000").And.Contain($"{Reduce.PartialCount(100000)}"));
    }
}
