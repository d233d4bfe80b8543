using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// <see cref="Elementwise.AccumulateScalars"/> on every backend: scalars gathered from one buffer are added to the sums
/// they name (in order or not) in one launch; bad offsets and targets are refused by name. Exact: one float addition each.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class AccumulateScalarsTests(string backend) : DeviceFixture(backend)
{
    [Test]
    public void ScalarsAreAddedToTheSumsTheyName()
    {
        using var source = Acc.Allocate<float>([0.5f, 7f, -2f, 3.25f, 11f], "activations");
        using var sums = Acc.Allocate<float>([1f, 10f, 100f, 1000f], "loss-sums");
        var launches = Acc.Counters.Launches;
        Elementwise.AccumulateScalars(Stream, source.View, ScalarOffsets.Of([4, 1, 2], [0, 2, 3]), sums.View);
        Assert.That(Acc.Counters.Launches - launches, Is.EqualTo(1));
        Assert.That(sums.ToArray(), Is.EqualTo(new[] { 12f, 10f, 107f, 998f }));
        Elementwise.AccumulateScalars(Stream, source.View, ScalarOffsets.Of([0, 3]), sums.View);
        Assert.That(sums.ToArray(), Is.EqualTo(new[] { 12.5f, 13.25f, 107f, 998f }), "in order by default");
    }

    [Test]
    public void BadOffsetsAndTargetsAreNamed()
    {
        using var source = Acc.Allocate<float>(3, "activations");
        using var sums = Acc.Allocate<float>(2, "loss-sums");
        Assert.That(() => Elementwise.AccumulateScalars(Stream, source.View, ScalarOffsets.Of([3]), sums.View),
            Throws.ArgumentException.With.Message.Contains("offset 3").And.Message.Contains("'activations'"));
        Assert.That(() => Elementwise.AccumulateScalars(Stream, source.View, ScalarOffsets.Of([0], [2]), sums.View),
            Throws.ArgumentException.With.Message.Contains("target 2").And.Message.Contains("'loss-sums'"));
        Assert.That(() => Elementwise.AccumulateScalars(Stream, source.View, ScalarOffsets.Of([0, 1], [1, 1]), sums.View),
            Throws.ArgumentException.With.Message.Contains("both target sum 1"));
    }
}
