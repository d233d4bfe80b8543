using KernelGen.Graph;
using KernelGen.Graph.Checkpoints;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>Memory plan, allocation-free steps, training, checkpoints and bad input, on every backend.</summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class GraphRuntimeTests(string backend) : DeviceFixture(backend)
{
    private string _dir = "";

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-graph-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void PlannedPeakIsBelowUnplannedSum()
    {
        using var m = SmallModels.Vae().Compile(Acc);
        TestContext.Out.WriteLine(m.Plan);
        Assert.That(m.Plan.PeakBytes, Is.LessThan(m.Plan.UnplannedBytes));
        Assert.That(m.Plan.PeakBytes, Is.GreaterThan(0));
    }

    [Test]
    public void StepsAllocateNothingAfterTheFirst()
    {
        using var m = SmallModels.Vae().Compile(Acc);
        m.Store.Group("default").UseOptimizer(new Sgd(0.01f));
        SmallModels.Feed(m, 1);
        m.Step();
        m.ReadLoss();
        long count = Acc.AllocationCount, bytes = Acc.AllocatedBytes;
        for (int i = 0; i < 5; i++) m.Step();
        m.ReadLoss();
        Assert.That(Acc.AllocationCount, Is.EqualTo(count), "device allocations during steps");
        Assert.That(Acc.AllocatedBytes, Is.EqualTo(bytes));
    }

    [Test]
    public void TrainingLowersTheLoss()
    {
        // A tiny autoencoder learns to reproduce 16 fixed patterns: the loss must fall at least 4-fold.
        var g = new GraphBuilder("tiny-ae");
        var x = g.Input("x", 16, 8);
        var target = g.Input("target", 16, 8);
        var y = g.Sigmoid(g.Linear(g.Tanh(g.Linear(x, 6, "enc")), 8, "dec"));
        var diff = g.Add(y, g.Scale(target, -1f));
        g.SetLoss(g.Mean(g.Multiply(diff, diff)));
        using var m = g.Compile(Acc, new CompileOptions { Seed = 9 });
        m.Store.Group("default").UseOptimizer(new Sgd(2f) { Schedule = new StepDecay(400, 0.5f) });
        var rng = new Random(3);
        var data = Enumerable.Range(0, 128).Select(_ => rng.Next(2) * 0.8f + 0.1f).ToArray();
        m.SetInput("x", data);
        m.SetInput("target", data);
        m.Forward();
        float first = m.ReadLoss();
        for (int i = 0; i < 800; i++) m.Step();
        float last = m.ReadLoss();
        TestContext.Out.WriteLine($"loss {first} -> {last}");
        Assert.That(last, Is.LessThan(first / 4));
    }

    [Test]
    public void CheckpointRoundTripRestoresEverything()
    {
        var path = Path.Combine(_dir, "ae.safetensors");
        using var a = SmallModels.Autoencoder().Compile(Acc, new CompileOptions { Seed = 1 });
        a.Store.Group("default").UseOptimizer(new Sgd(0.05f));
        SmallModels.Feed(a, 5);
        for (int i = 0; i < 3; i++) a.Step();
        Checkpoint.Save(path, a);
        a.Step();
        float expected = a.ReadLoss();

        using var b = SmallModels.Autoencoder().Compile(Acc, new CompileOptions { Seed = 2 });
        b.Store.Group("default").UseOptimizer(new Sgd(0.05f));
        SmallModels.Feed(b, 5);
        var meta = Checkpoint.Load(path, b);
        Assert.That(meta["step"], Is.EqualTo("3"));
        Assert.That(b.Steps, Is.EqualTo(3));
        b.Step();
        Assert.That(b.ReadLoss(), Is.EqualTo(expected).Within(1e-6f * Math.Max(1, Math.Abs(expected))));
    }

    [Test]
    public void CheckpointFromAnotherModelIsRefusedAndNothingChanges()
    {
        var path = Path.Combine(_dir, "vae.safetensors");
        using (var vae = SmallModels.Vae().Compile(Acc)) Checkpoint.Save(path, vae);
        using var ae = SmallModels.Autoencoder().Compile(Acc);
        var before = ae.Store.Read("enc.weight");
        var ex = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, ae));
        Assert.That(ex!.Message, Does.Contain("another model").And.Contain("lacks 'param:dec.weight'").And.Contain("'param:mu.weight'"));
        Assert.That(ae.Store.Read("enc.weight"), Is.EqualTo(before));
    }

    [TestCase("truncated")]
    [TestCase("header")]
    [TestCase("json")]
    [TestCase("tiny")]
    public void CorruptCheckpointIsRefusedBeforeTouchingTheModel(string damage)
    {
        var path = Path.Combine(_dir, "ae.safetensors");
        using var m = SmallModels.Autoencoder().Compile(Acc);
        Checkpoint.Save(path, m);
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "truncated": File.WriteAllBytes(path, bytes[..^10]); break;
            case "header": BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (ulong)bytes.Length * 2); File.WriteAllBytes(path, bytes); break;
            case "json": bytes[9] = (byte)'#'; File.WriteAllBytes(path, bytes); break;
            default: File.WriteAllBytes(path, bytes[..5]); break;
        }
        using var other = SmallModels.Autoencoder().Compile(Acc, new CompileOptions { Seed = 77 });
        var before = other.Store.Read("dec.weight");
        var ex = Assert.Throws<FileFormatException>(() => Checkpoint.Load(path, other));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain(damage switch
        {
            "truncated" => "truncated",
            "header" => "header length",
            "json" => "malformed",
            _ => "fewer than the 8-byte header",
        }));
        Assert.That(other.Store.Read("dec.weight"), Is.EqualTo(before));
    }

    [Test]
    public void CrashMidSaveLeavesThePreviousCheckpoint()
    {
        var path = Path.Combine(_dir, "ae.safetensors");
        using var m = SmallModels.Autoencoder().Compile(Acc);
        Checkpoint.Save(path, m);
        var good = File.ReadAllBytes(path);
        m.Store.Group("default").UseOptimizer(new Sgd(0.1f));
        SmallModels.Feed(m, 1);
        m.Step();
        SafeTensors.BeforeRename = _ => throw new IOException("simulated crash before rename");
        try { Assert.Throws<IOException>(() => Checkpoint.Save(path, m)); }
        finally { SafeTensors.BeforeRename = null; }
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(good));
        Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { path }), "temporary file left behind");
    }

    [Test]
    public void WrongInputShapeOrTypeIsNamed()
    {
        using var m = SmallModels.Autoencoder().Compile(Acc);
        var ex = Assert.Throws<ArgumentException>(() => m.SetInput("x", new float[5]));
        Assert.That(ex!.Message, Does.Contain("'x'").And.Contain($"({SmallModels.Batch}, {SmallModels.Features})").And.Contain("got 5"));
        ex = Assert.Throws<ArgumentException>(() => m.SetInput("x", new int[SmallModels.Batch * SmallModels.Features]));
        Assert.That(ex!.Message, Does.Contain("holds floats, not int labels"));
        ex = Assert.Throws<ArgumentException>(() => m.SetInput("nope", new float[1]));
        Assert.That(ex!.Message, Does.Contain("no input 'nope'").And.Contain("x, r"));
    }

    [Test]
    public void NonFiniteLossNamesTheFirstNodeThatProducedIt()
    {
        using var m = SmallModels.Autoencoder().Compile(Acc, new CompileOptions { CheckFinite = true });
        SmallModels.Feed(m, 1);
        Assert.DoesNotThrow(m.Forward);
        var x = new float[SmallModels.Batch * SmallModels.Features];
        x[4] = float.NaN;
        m.SetInput("x", x);
        var ex = Assert.Throws<GraphException>(m.Forward);
        Assert.That(ex!.Message, Does.Contain("Linear 'enc'").And.Contain("NaN or infinity first produced"));
    }

    [Test]
    public void SummaryListsLayersAndMemory()
    {
        using var m = SmallModels.Vae().Compile(Acc);
        var text = ModelSummary.Render(m);
        TestContext.Out.WriteLine(text);
        Assert.That(text, Does.Contain("enc (Linear)").And.Contain("(3, 5)").And.Contain("40"));
        Assert.That(text, Does.Contain("Total params: 121"));
        Assert.That(text, Does.Contain("planned (peak)"));
    }
}
