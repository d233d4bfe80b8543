using KernelGen.Graph;
using KernelGen.Graph.Checkpoints;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>
/// Convolutional models at run time, on every backend: train/evaluation behaviour of BatchNorm, Dropout and the input
/// noises, a conv autoencoder that learns, allocation-free steps, and bad labels reported by name.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class GraphConvRuntimeTests(string backend) : DeviceFixture(backend)
{
    private static GraphBuilder BatchNormModel()
    {
        var g = new GraphBuilder("bn-model");
        var x = g.Input("x", 4, 2, 5, 5);
        var h = g.Relu(g.MarkOutput(g.BatchNorm(g.Conv2d(x, 3, 3, "enc", padding: 1), "bn")));
        h = g.Dropout(g.MaxPool2d(h, 2), 0.2f);
        var y = g.MarkOutput(g.Sigmoid(g.ConvTranspose2d(h, 2, 3, "dec", stride: 2, padding: 0)));
        g.SetLoss(g.Mean(g.Multiply(y, y)));
        return g;
    }

    [Test]
    public void BatchNormUsesBatchStatisticsInTrainingAndRunningOnesInEvaluation()
    {
        using var m = BatchNormModel().Compile(Acc, new CompileOptions { Seed = 2 });
        ConvModels.Feed(m, 3);
        m.Store.Group("default").UseOptimizer(new Sgd(0.1f));
        Assert.That(m.Store.Group(GraphBuilder.BatchNormStatsGroup).Length, Is.EqualTo(6), "running mean and variance of 3 channels");
        Assert.That(m.Graph.FrozenGroups, Does.Contain(GraphBuilder.BatchNormStatsGroup));

        // Training: batch statistics (per-channel mean 0, biased variance 1 with γ = 1, β = 0) and running updates.
        var bn = m.Graph.Tensors.Single(t => t.Name == "bn");
        m.Step();
        var y = m.Read(bn);
        for (int c = 0; c < 3; c++)
        {
            var values = Enumerable.Range(0, 4).SelectMany(n => y.Skip((n * 3 + c) * 25).Take(25)).Select(v => (double)v).ToArray();
            double mean = values.Average(), variance = values.Select(v => (v - mean) * (v - mean)).Average();
            Assert.That(mean, Is.EqualTo(0).Within(1e-5), $"channel {c} mean");
            Assert.That(variance, Is.EqualTo(1).Within(1e-3), $"channel {c} variance");
        }
        var runningMean = m.Store.Read("bn.running_mean");
        var runningVar = m.Store.Read("bn.running_var");
        Assert.That(runningMean, Is.Not.All.EqualTo(0f), "training did not update the running mean");
        Assert.That(runningVar, Is.Not.All.EqualTo(1f), "training did not update the running variance");
        Assert.That(m.Store.Group(GraphBuilder.BatchNormStatsGroup).Gradients.ToArrayFrom(m.Store), Is.All.EqualTo(0f), "running statistics got gradients");

        // Evaluation: running statistics, nothing updated, the same output every time.
        m.Training = false;
        m.Forward();
        var first = m.Read(bn);
        m.Forward();
        Assert.That(m.Read(bn), Is.EqualTo(first));
        Assert.That(m.Store.Read("bn.running_mean"), Is.EqualTo(runningMean));
        Assert.That(m.Store.Read("bn.running_var"), Is.EqualTo(runningVar));
        Assert.That(first, Is.Not.EqualTo(y), "evaluation used batch statistics");
        var ex = Assert.Throws<GraphException>(m.Backward);
        Assert.That(ex!.Message, Does.Contain("BatchNorm 'bn'").And.Contain("training mode"));
    }

    [Test]
    public void RunningStatisticsAreSavedInCheckpoints()
    {
        var dir = Directory.CreateTempSubdirectory("kernelgen-graphconv-").FullName;
        try
        {
            var path = Path.Combine(dir, "bn.safetensors");
            using var a = BatchNormModel().Compile(Acc, new CompileOptions { Seed = 2 });
            ConvModels.Feed(a, 3);
            for (int i = 0; i < 3; i++) a.Forward();
            Checkpoint.Save(path, a);
            using var b = BatchNormModel().Compile(Acc, new CompileOptions { Seed = 5 });
            Checkpoint.Load(path, b);
            Assert.That(b.Store.Read("bn.running_mean"), Is.EqualTo(a.Store.Read("bn.running_mean")));
            Assert.That(b.Store.Read("bn.running_var"), Is.EqualTo(a.Store.Read("bn.running_var")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public void DropoutAndNoiseActOnlyInTraining()
    {
        const int n = 40, f = 100;
        var g = new GraphBuilder("noise");
        var x = g.Input("x", n, f);
        var drop = g.MarkOutput(g.Dropout(x, 0.3f));
        var mask = g.MarkOutput(g.MaskingNoise(x, 0.25f));
        var gauss = g.MarkOutput(g.GaussianNoise(x, 0.5f));
        using var m = g.Compile(Acc, new CompileOptions { Seed = 4 });
        var ones = Enumerable.Repeat(1f, n * f).ToArray();
        m.SetInput("x", ones);

        m.Forward();
        var d = m.Read(drop);
        Assert.That(d, Is.All.EqualTo(0f).Or.EqualTo(1f / 0.7f).Within(1e-6f));
        Assert.That(d.Count(v => v == 0f) / (double)d.Length, Is.EqualTo(0.3).Within(0.04));
        var k = m.Read(mask);
        Assert.That(k, Is.All.EqualTo(0f).Or.EqualTo(1f));
        Assert.That(k.Count(v => v == 0f) / (double)k.Length, Is.EqualTo(0.25).Within(0.04));
        var noise = m.Read(gauss).Select(v => (double)v - 1).ToArray();
        Assert.That(noise.Average(), Is.EqualTo(0).Within(0.05));
        Assert.That(Math.Sqrt(noise.Select(e => e * e).Average()), Is.EqualTo(0.5).Within(0.05));
        m.Forward();
        Assert.That(m.Read(drop), Is.Not.EqualTo(d), "a new step must draw a new dropout mask");

        m.Training = false;
        m.Forward();
        Assert.That(m.Read(drop), Is.EqualTo(ones));
        Assert.That(m.Read(mask), Is.EqualTo(ones));
        Assert.That(m.Read(gauss), Is.EqualTo(ones));
    }

    [Test]
    public void ConvAutoencoderTrainingLowersTheLoss()
    {
        // 16 fixed 8×8 binary-ish patterns through a stride-2 conv encoder and a transposed-conv decoder; the mean
        // squared error (written with Add/Scale/Multiply/Mean) must fall at least 8-fold (measured: 16× in 300 steps).
        var g = new GraphBuilder("conv-ae-train");
        var x = g.Input("x", 16, 1, 8, 8);
        var h = g.Tanh(g.Conv2d(x, 8, 3, "enc", stride: 2, padding: 1));
        var y = g.Sigmoid(g.ConvTranspose2d(h, 1, 4, "dec", stride: 2, padding: 1));
        var diff = g.Add(y, g.Scale(x, -1f));
        g.SetLoss(g.Mean(g.Multiply(diff, diff)));
        using var m = g.Compile(Acc, new CompileOptions { Seed = 9 });
        m.Store.Group("default").UseOptimizer(new Sgd(TrainingRate));
        var rng = new Random(3);
        m.SetInput("x", Enumerable.Range(0, 16 * 64).Select(_ => rng.Next(2) * 0.8f + 0.1f).ToArray());
        m.Forward();
        float first = m.ReadLoss();
        for (int i = 0; i < TrainingSteps; i++) m.Step();
        m.Forward();
        float last = m.ReadLoss();
        TestContext.Out.WriteLine($"loss {first} -> {last} ({first / last:F1}×)");
        Assert.That(last, Is.LessThan(first / 8));
    }

    private const float TrainingRate = 1f;
    private const int TrainingSteps = 300;

    [Test]
    public void ConvStepsAllocateNothingAfterTheFirst()
    {
        foreach (var graph in new[] { BatchNormModel(), ConvModels.ConditionalBilinear(), ConvModels.PixelCnnGated() })
        {
            using var m = graph.Compile(Acc);
            m.Store.Group("default").UseOptimizer(new Sgd(0.01f));
            ConvModels.Feed(m, 1);
            m.Step();
            m.ReadLoss();
            long count = Acc.AllocationCount, bytes = Acc.AllocatedBytes;
            for (int i = 0; i < 3; i++) m.Step();
            m.ReadLoss();
            Assert.That(Acc.AllocationCount, Is.EqualTo(count), $"{graph.Name}: device allocations during steps");
            Assert.That(Acc.AllocatedBytes, Is.EqualTo(bytes), graph.Name);
        }
    }

    [Test]
    public void BadLabelIsReportedByCheckResults()
    {
        var g = new GraphBuilder("labels");
        var labels = g.IntInput("labels", 3);
        g.MarkOutput(g.OneHot(labels, 3, "classes"));
        using var m = g.Compile(Acc);
        m.SetInput("labels", new[] { 0, 2, 1 });
        m.Forward();
        Assert.DoesNotThrow(m.CheckResults);
        Assert.That(m.Read("classes"), Is.EqualTo(new float[] { 1, 0, 0, 0, 0, 1, 0, 1, 0 }));
        m.SetInput("labels", new[] { 0, 5, 1 });
        m.Forward();
        var ex = Assert.Throws<ArgumentException>(m.CheckResults);
        Assert.That(ex!.Message, Does.Contain("OneHot 'classes'").And.Contain("label 5 at row 1"));
        m.SetInput("labels", new[] { 0, 1, 1 });
        m.Forward();
        Assert.DoesNotThrow(m.CheckResults, "the status is reset by each forward");
    }
}
