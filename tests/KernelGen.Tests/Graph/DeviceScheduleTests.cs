using KernelGen.Graph;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>
/// Learning-rate schedules evaluated on the device (Adam, AdamW): every step launches the same kernels with the same
/// arguments even while the rate changes, and training matches the host-evaluated schedule. Tolerance 1e-5 relative +
/// 1e-7: both paths compute the same float formula; a device's pow and cos may differ from .NET's by an ulp.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class DeviceScheduleTests(string backend) : DeviceFixture(backend)
{
    public static IEnumerable<TestCaseData> Schedules()
    {
        yield return new TestCaseData(new StepDecay(5, 0.5f)).SetName("step decay");
        yield return new TestCaseData(new ExponentialDecay(0.8f)).SetName("exponential decay");
        yield return new TestCaseData(new CosineAnnealing(5, 1e-4f)).SetName("cosine annealing");
    }

    [TestCaseSource(nameof(Schedules))]
    public void ScheduledAdamWRepeatsItsLaunchesAndMatchesTheHostSchedule(ILearningRateSchedule schedule)
    {
        using var onDevice = Train(schedule, out var deviceLaunches);
        using var onHost = Train(new HostOnly(schedule), out var hostLaunches);
        Assert.That(deviceLaunches.Item1, Is.EqualTo(deviceLaunches.Item2), "the same launches, arguments included, while the rate changes");
        Assert.That(hostLaunches.Item1, Is.Not.EqualTo(hostLaunches.Item2), "the host schedule passes each step's rate (the check sees the rate)");
        foreach (var p in onDevice.Graph.Parameters)
        {
            var expected = onHost.Read(onHost.Graph.Parameters.Single(q => q.Name == p.Name));
            var got = onDevice.Read(p);
            for (int i = 0; i < got.Length; i++)
                Assert.That(got[i], Is.EqualTo(expected[i]).Within(1e-7 + 1e-5 * Math.Abs(expected[i])), $"{p.Name}[{i}]");
        }
    }

    private CompiledGraph Train(ILearningRateSchedule schedule, out (string, string) launchesOfTwoSteps)
    {
        var m = SmallModels.Autoencoder().Compile(Acc, new CompileOptions { Seed = 4 });
        m.Store.Group("default").UseOptimizer(new AdamW(0.05f, weightDecay: 0.1f) { Schedule = schedule });
        SmallModels.Feed(m, 6);
        for (int i = 0; i < 4; i++) m.Step();
        using var recording = Acc.RecordLaunches();
        m.Step();
        string first = string.Join("\n", recording.Launches.Where(l => l.Kernel.StartsWith("OptimizerKernels.", StringComparison.Ordinal)));
        recording.Clear();
        m.Step();
        string second = string.Join("\n", recording.Launches.Where(l => l.Kernel.StartsWith("OptimizerKernels.", StringComparison.Ordinal)));
        launchesOfTwoSteps = (first, second);
        for (int i = 0; i < 3; i++) m.Step();
        return m;
    }

    /// <summary>The same schedule without its device form, so the host passes each step's rate.</summary>
    private sealed class HostOnly(ILearningRateSchedule inner) : ILearningRateSchedule
    {
        public float Rate(float baseRate, int step) => inner.Rate(baseRate, step);
    }
}
