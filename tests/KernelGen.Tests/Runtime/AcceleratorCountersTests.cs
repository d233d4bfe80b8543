using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Runtime;

/// <summary>
/// <see cref="Accelerator.Counters"/> counts what was enqueued, on every backend: launches, fills, copies each way,
/// host waits (a stream synchronization or a read to the host; launches, uploads, copies and fills are none),
/// allocations and compilations.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class AcceleratorCountersTests(string backend) : DeviceFixture(backend)
{
    [Test]
    public void EachOperationIsCountedOnceAndOnlyWaitsCountAsWaits()
    {
        using var a = Acc.Allocate<float>(new float[] { -1, 2, -3, 4 }, "a");
        using var b = Acc.Allocate<float>(4, "b");
        Acc.Preload(ActivationKernels.ReluKernel);
        var start = Acc.Counters;
        b.CopyFromHost(new float[] { 0, 0, 0, 0 });
        Acc.DefaultStream.Launch(ActivationKernels.ReluKernel, 4, a.View, b.View);
        Acc.DefaultStream.Launch(ActivationKernels.ReluKernel, 0, a.View, b.View);
        b.CopyFrom(a.View);
        b.Fill(1f);
        b.Zero(0, 2);
        Assert.That(Acc.Counters - start, Is.EqualTo(new AcceleratorCounters(
            Launches: 1, Fills: 2, Uploads: 1, Downloads: 0, DeviceCopies: 1, HostWaits: 0, Allocations: 0, CompiledKernels: 0)),
            "enqueuing waits for nothing; an empty launch is no launch");
        Acc.Synchronize();
        Assert.That((Acc.Counters - start).HostWaits, Is.EqualTo(1));
        Assert.That(b.ToArray(), Is.EqualTo(new[] { 0f, 0f, 1f, 1f }));
        Assert.That(Acc.Counters - start, Is.EqualTo(new AcceleratorCounters(1, 2, 1, 1, 1, 2, 0, 0)), "a read to the host is a download and a wait");
        using var stream = Acc.CreateStream();
        stream.Synchronize();
        using var c = Acc.Allocate<float>(1, "c");
        Acc.DefaultStream.Launch(ActivationKernels.SigmoidKernel, 1, c.View, c.View);
        var d = Acc.Counters - start;
        Assert.That((d.HostWaits, d.Allocations, d.CompiledKernels, d.Launches), Is.EqualTo((3L, 1L, 1L, 2L)),
            "every stream's waits count; an allocation and a first launch's compilation are counted");
        Assert.That(Acc.HostWaitCount - start.HostWaits, Is.EqualTo(3));
    }
}
