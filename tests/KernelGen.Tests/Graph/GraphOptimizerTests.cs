using KernelGen.Graph;
using KernelGen.Graph.Checkpoints;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>Graph optimizers on the CPU: Adam resumed from a checkpoint, gradient-norm and weight clipping, the parameter average, momentum state.</summary>
public sealed class GraphOptimizerTests
{
    private Accelerator _acc = null!;
    private string _dir = "";

    [OneTimeSetUp] public void Open() => _acc = TestDevices.Open("cpu");
    [OneTimeTearDown] public void Close() => _acc?.Dispose();
    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-optim-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private CompiledGraph Model(ulong seed, Optimizer optimizer)
    {
        var m = SmallModels.Autoencoder().Compile(_acc, new CompileOptions { Seed = seed });
        m.Store.Group("default").UseOptimizer(optimizer);
        SmallModels.Feed(m, 5);
        return m;
    }

    [TestCase("adam")]
    [TestCase("adamw")]
    [TestCase("nesterov")]
    public void ResumedRunContinuesIdentically(string kind)
    {
        Optimizer Make() => kind switch
        {
            "adam" => new Adam(0.01f, weightDecay: 0.01f),
            "adamw" => new AdamW(0.01f),
            _ => new SgdMomentum(0.05f, 0.9f, nesterov: true, weightDecay: 0.001f),
        };
        var path = Path.Combine(_dir, "run.safetensors");
        using var a = Model(1, Make());
        for (int i = 0; i < 4; i++) a.Step();
        Checkpoint.Save(path, a);
        for (int i = 0; i < 3; i++) a.Step();
        a.Forward();
        float uninterrupted = a.ReadLoss();

        using var b = Model(2, Make());
        var meta = Checkpoint.Load(path, b);
        if (kind != "nesterov") Assert.That(meta["device_step:default"], Is.EqualTo("4"));
        for (int i = 0; i < 3; i++) b.Step();
        b.Forward();
        Assert.That(b.ReadLoss(), Is.EqualTo(uninterrupted), "resumed run diverged from the uninterrupted one");
        Assert.That(b.Store.Read("enc.weight"), Is.EqualTo(a.Store.Read("enc.weight")));
    }

    [Test]
    public void AdamCheckpointHoldsMomentsAndStep()
    {
        var path = Path.Combine(_dir, "adam.safetensors");
        using var m = Model(1, new Adam(0.01f));
        m.Step();
        Checkpoint.Save(path, m);
        var (tensors, meta) = SafeTensors.Read(path);
        Assert.That(tensors.Keys, Does.Contain("state:default:exp_avg").And.Contain("state:default:exp_avg_sq"));
        Assert.That(meta["optimizer:default"], Is.EqualTo("Adam"));
        Assert.That(meta["device_step:default"], Is.EqualTo("1"));
    }

    [Test]
    public void GradientNormIsClippedBeforeTheUpdate()
    {
        const float lr = 0.1f, maxNorm = 0.05f;
        using var m = Model(3, new Sgd(lr) { ClipGradientNorm = maxNorm });
        var before = ((MemoryBuffer<float>)m.Store.Values.Buffer!).ToArray();
        m.Forward();
        m.Backward();
        var raw = ((MemoryBuffer<float>)m.Store.Gradients.Buffer!).ToArray();
        double norm = Math.Sqrt(raw.Sum(g => (double)g * g));
        Assume.That(norm, Is.GreaterThan(4 * maxNorm), "the test needs a gradient above the clip");
        m.Update();
        var after = ((MemoryBuffer<float>)m.Store.Values.Buffer!).ToArray();
        double factor = maxNorm / (norm + 1e-6);
        for (int i = 0; i < m.Store.Count; i++)
            Assert.That(after[i], Is.EqualTo(before[i] - lr * raw[i] * factor).Within(1e-6), $"θ[{i}]");
        var clipped = ((MemoryBuffer<float>)m.Store.Gradients.Buffer!).ToArray();
        Assert.That(Math.Sqrt(clipped.Sum(g => (double)g * g)), Is.EqualTo(maxNorm).Within(1e-5));
    }

    [Test]
    public void WeightsAreClampedAfterTheUpdate()
    {
        using var m = Model(4, new SgdMomentum(0.5f, 0.5f) { WeightClip = 0.01f });
        for (int i = 0; i < 2; i++) m.Step();
        var values = ((MemoryBuffer<float>)m.Store.Values.Buffer!).ToArray();
        Assert.That(values, Is.All.InRange(-0.01f, 0.01f));
        Assert.That(values.Count(v => Math.Abs(v) == 0.01f), Is.GreaterThan(values.Length / 4), "clip should bind for most weights");
    }

    [Test]
    public void ParameterAverageFollowsTheUpdatesAndIsCheckpointed()
    {
        const float decay = 0.3f;
        using var m = Model(4, new Adam(0.05f) { ParameterAverage = decay });
        var group = m.Store.Group("default");
        var average = ((MemoryBuffer<float>)m.Store.Values.Buffer!).ToArray().Select(v => (double)v).ToArray();
        Assert.That(group.Average.Length, Is.EqualTo(group.Length));
        for (int t = 1; t <= 5; t++)
        {
            m.Step();
            var values = ((MemoryBuffer<float>)m.Store.Values.Buffer!).ToArray();
            double d = Math.Min(decay, (1.0 + t) / (10.0 + t)); // the warm-up (1 + t)/(10 + t) binds for t ≤ 2, the decay after
            for (int i = 0; i < average.Length; i++) average[i] = d * average[i] + (1 - d) * values[i];
        }
        Reference.AssertClose(Read(group.Average), average, _ => 1e-6, "parameter average");

        var trained = ((MemoryBuffer<float>)m.Store.Values.Buffer!).ToArray();
        group.SwapAverage(_acc.DefaultStream);
        Reference.AssertClose(((MemoryBuffer<float>)m.Store.Values.Buffer!).ToArray(), average, _ => 1e-6, "averaged weights swapped in");
        group.SwapAverage(_acc.DefaultStream);
        Assert.That(((MemoryBuffer<float>)m.Store.Values.Buffer!).ToArray(), Is.EqualTo(trained), "swapped back");

        var path = Path.Combine(_dir, "average.safetensors");
        Checkpoint.Save(path, m);
        Assert.That(SafeTensors.Read(path).Tensors.Keys, Does.Contain("state:default:average"));
        using var restored = Model(5, new Adam(0.05f) { ParameterAverage = decay });
        Checkpoint.Load(path, restored);
        Assert.That(Read(restored.Store.Group("default").Average), Is.EqualTo(Read(group.Average)));
    }

    [Test]
    public void ParameterAverageIsRefusedWhereThereIsNone()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Adam { ParameterAverage = 1f });
        using var m = Model(4, new Adam(0.05f));
        var ex = Assert.Throws<InvalidOperationException>(() => m.Store.Group("default").SwapAverage(_acc.DefaultStream));
        Assert.That(ex!.Message, Does.Contain("'default'").And.Contain("ParameterAverage"));
    }

    private static float[] Read(ArrayView<float> view)
    {
        var all = ((MemoryBuffer<float>)view.Buffer!).ToArray();
        return all.AsSpan(view.Offset, view.Length).ToArray();
    }

    [Test]
    public void MomentumMatchesTheHostRecurrence()
    {
        // b1 = g1; b2 = μ·b1 + g2; p2 = p0 − lr·b1 − lr·b2 (no weight decay, no Nesterov).
        const float lr = 0.05f, mu = 0.9f;
        using var m = Model(6, new SgdMomentum(lr, mu));
        var p0 = ((MemoryBuffer<float>)m.Store.Values.Buffer!).ToArray();
        m.Step();
        var g1 = ((MemoryBuffer<float>)m.Store.Gradients.Buffer!).ToArray();
        m.Step();
        var g2 = ((MemoryBuffer<float>)m.Store.Gradients.Buffer!).ToArray();
        var p2 = ((MemoryBuffer<float>)m.Store.Values.Buffer!).ToArray();
        for (int i = 0; i < m.Store.Count; i++)
        {
            double b2 = mu * g1[i] + g2[i];
            Assert.That(p2[i], Is.EqualTo(p0[i] - lr * g1[i] - lr * b2).Within(1e-6), $"θ[{i}]");
        }
    }
}
