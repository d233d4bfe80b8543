using KernelGen.Graph;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>
/// The hooks a data-parallel exchange hangs on (<see cref="CompiledGraph.Exchange"/>), checked without MPI by exchanges
/// that look at the gradients: the buckets cover every trainable gradient once, each is final after the backward step
/// it names (what lets a bucket be reduced while the backward pass goes on), and the update uses what the exchange left.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class GradientExchangeTests(string backend) : DeviceFixture(backend)
{
    private CompiledGraph Vae()
    {
        var m = SmallModels.Vae().Compile(Acc, new CompileOptions { Seed = 7, CaptureSteps = true });
        m.Store.Group("default").UseOptimizer(new Adam(0.01f));
        SmallModels.Feed(m, 3);
        return m;
    }

    private static float[] Gradients(CompiledGraph m, int offset, int length)
    {
        var view = m.Store.Gradients;
        var values = new float[length];
        ((MemoryBuffer<float>)view.Buffer!).CopyToHost(values, (int)view.Offset + offset);
        return values;
    }

    [TestCase(1)]
    [TestCase(12)]
    [TestCase(1 << 20)]
    public void BucketsCoverEveryTrainableGradientOnce(int maxLength)
    {
        using var m = Vae();
        var buckets = m.GradientBuckets(maxLength);
        var parameters = m.Store.Specs.Select(s => (Offset: m.Store.Offset(s.Name), Length: s.Shape.Numel)).ToList();
        var covered = buckets.SelectMany(b => Enumerable.Range(b.Offset, b.Length)).ToList();
        Assert.That(covered, Is.Unique, "buckets overlap");
        Assert.That(covered.Order(), Is.EqualTo(parameters.SelectMany(p => Enumerable.Range(p.Offset, p.Length)).Order()), "buckets cover the parameters' gradients");
        Assert.That(buckets.Select(b => b.ReadyAfter), Is.Ordered, "in the order they become final");
        foreach (var b in buckets)
            Assert.That(b.Length <= maxLength || parameters.Contains((b.Offset, b.Length)), $"bucket {b} is longer than {maxLength} and not one parameter");
        if (maxLength == 1 << 20) Assert.That(buckets, Has.Count.EqualTo(1), "everything fits one bucket");
    }

    [Test]
    public void EachBucketIsFinalAfterTheStepItNames()
    {
        using var m = Vae();
        var exchange = new Snapshots(m.GradientBuckets(12));
        m.Exchange = exchange;
        m.Step();
        Assert.That(exchange.AtReady.Keys, Is.EquivalentTo(Enumerable.Range(0, exchange.Buckets.Count)), "every bucket was seen when its step was done");
        for (int i = 0; i < exchange.Buckets.Count; i++)
            Assert.That(exchange.AtReady[i], Is.EqualTo(exchange.AtFinish[i]), $"bucket {exchange.Buckets[i]} changed after backward step {exchange.Buckets[i].ReadyAfter}");
        Assert.That(exchange.Calls, Is.EqualTo("begin ready×" + exchange.Steps + " finish"));
        Assert.That(m.StepIsCaptured, Is.False, "a step with an exchange runs uncaptured");
    }

    [Test]
    public void TheUpdateUsesTheExchangedGradients()
    {
        using var m = Vae();
        var parameters = m.Graph.Parameters.ToList();
        var before = parameters.Select(p => m.Read(p)).ToList();
        m.Exchange = new Zeroing();
        m.Step();
        for (int i = 0; i < before.Count; i++)
            Assert.That(m.Read(parameters[i]), Is.EqualTo(before[i]), $"{parameters[i].Name} moved although the exchange zeroed its gradient");
        m.Exchange = null;
        m.Step();
        Assert.That(m.Read(parameters[0]), Is.Not.EqualTo(before[0]), "without the exchange the step moves the parameters");
    }

    /// <summary>Copies each bucket when its step is done, and again before the update.</summary>
    private sealed class Snapshots(IReadOnlyList<GradientBucket> buckets) : GradientExchange
    {
        public IReadOnlyList<GradientBucket> Buckets { get; } = buckets;
        public Dictionary<int, float[]> AtReady { get; } = [];
        public Dictionary<int, float[]> AtFinish { get; } = [];
        public string Calls { get; private set; } = "";
        public int Steps { get; private set; }

        protected internal override void Begin(CompiledGraph graph)
        {
            Calls = "begin";
            Take(graph, -1);
        }

        protected internal override void Ready(CompiledGraph graph, int step)
        {
            Steps++;
            Take(graph, step);
        }

        private void Take(CompiledGraph graph, int step)
        {
            for (int i = 0; i < Buckets.Count; i++)
                if (Buckets[i].ReadyAfter == step) AtReady[i] = Gradients(graph, Buckets[i].Offset, Buckets[i].Length);
        }

        protected internal override void Finish(CompiledGraph graph)
        {
            Calls += $" ready×{Steps} finish";
            for (int i = 0; i < Buckets.Count; i++) AtFinish[i] = Gradients(graph, Buckets[i].Offset, Buckets[i].Length);
        }

        public override void Dispose() { }
    }

    /// <summary>Leaves every gradient zero: the first Adam update after it changes nothing (no weight decay).</summary>
    private sealed class Zeroing : GradientExchange
    {
        protected internal override void Begin(CompiledGraph graph) { }
        protected internal override void Ready(CompiledGraph graph, int step) { }

        protected internal override void Finish(CompiledGraph graph)
        {
            var view = graph.Store.Gradients;
            ((MemoryBuffer<float>)view.Buffer!).CopyFromHost(new float[view.Length], (int)view.Offset);
        }

        public override void Dispose() { }
    }
}
