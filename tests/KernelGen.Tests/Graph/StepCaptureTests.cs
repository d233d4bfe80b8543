using KernelGen.Graph;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>
/// Captured steps (<see cref="CompileOptions.CaptureSteps"/>) on every backend: where the backend captures (OpenCL with
/// pre-bound kernels, CUDA Graphs), training replays a captured step and reaches exactly the parameters of uncaptured
/// training (the same kernels on the same data in the same order: bit for bit), counts the same launches per step,
/// and captures again when something it froze changes; the CPU runs uncaptured and says why.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class StepCaptureTests(string backend) : DeviceFixture(backend)
{
    private bool Captures => Acc.CanCapture;

    [Test]
    public void CapturedTrainingReachesTheParametersOfUncapturedTraining()
    {
        using var captured = Vae(capture: true);
        using var plain = Vae(capture: false);
        var perStep = new List<long>();
        for (int i = 0; i < 8; i++)
        {
            long before = Acc.Counters.Launches;
            captured.Step();
            perStep.Add(Acc.Counters.Launches - before);
            plain.Step();
        }
        Assert.That(captured.StepIsCaptured, Is.EqualTo(Captures), captured.CaptureRefusal);
        if (!Captures) Assert.That(captured.CaptureRefusal, Does.Contain("nothing to capture"));
        Assert.That(perStep.Distinct(), Has.Exactly(1).Items, "captured and replayed steps count the launches they run");
        AssertSameParameters(captured, plain);
        Assert.That(captured.ReadLoss(), Is.EqualTo(plain.ReadLoss()));
    }

    [Test]
    public void AReplayedStepWaitsForNothingAndAllocatesNothing()
    {
        using var m = Vae(capture: true);
        for (int i = 0; i < 4; i++) m.Step();
        Acc.Synchronize();
        var start = Acc.Counters;
        for (int i = 0; i < 4; i++) m.Step();
        var d = Acc.Counters - start;
        Assert.That((d.HostWaits, d.Allocations, d.CompiledKernels, d.Downloads), Is.EqualTo((0L, 0L, 0L, 0L)));
    }

    [Test]
    public void ChangingTheModeOrTheOptimizerCapturesAgain()
    {
        using var captured = Vae(capture: true);
        using var plain = Vae(capture: false);
        void Both(Action<CompiledGraph> change, int steps)
        {
            change(captured);
            change(plain);
            for (int i = 0; i < steps; i++)
            {
                captured.Step();
                plain.Step();
            }
        }
        Both(_ => { }, 4);
        Both(m => m.Store.Group("default").UseOptimizer(new SgdMomentum(0.01f, 0.9f)), 1);
        Assert.That(captured.StepIsCaptured, Is.False, "a new optimizer drops the capture");
        Both(_ => { }, 4);
        Assert.That(captured.StepIsCaptured, Is.EqualTo(Captures), "and the step is captured again");
        Both(m => m.Training = false, 1);
        Both(m => m.Training = true, 4);
        AssertSameParameters(captured, plain);
    }

    [Test]
    public void AHostEvaluatedScheduleKeepsStepsUncapturedAndSaysWhy()
    {
        using var m = Vae(capture: true);
        m.Store.Group("default").UseOptimizer(new Sgd(0.01f) { Schedule = new StepDecay(2, 0.5f) });
        for (int i = 0; i < 5; i++) m.Step();
        Assert.That(m.StepIsCaptured, Is.False);
        Assert.That(m.CaptureRefusal, Does.Contain("'default'").And.Contain("evaluated on the host"));
    }

    private CompiledGraph Vae(bool capture)
    {
        var m = SmallModels.Vae().Compile(Acc, new CompileOptions { Seed = 7, CaptureSteps = capture });
        m.Store.Group("default").UseOptimizer(new Adam(0.01f) { Schedule = new CosineAnnealing(20) });
        SmallModels.Feed(m, 3);
        return m;
    }

    private static void AssertSameParameters(CompiledGraph a, CompiledGraph b)
    {
        foreach (var p in a.Graph.Parameters)
            Assert.That(a.Read(p), Is.EqualTo(b.Read(b.Graph.Parameters.Single(q => q.Name == p.Name))), p.Name);
    }
}
