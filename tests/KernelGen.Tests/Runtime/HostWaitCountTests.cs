using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Runtime;

/// <summary>
/// <see cref="Accelerator.HostWaitCount"/> counts what makes the host wait, and nothing else, on every backend: a stream
/// synchronization or a read to the host is one; launches, uploads, copies and fills are none.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class HostWaitCountTests(string backend) : DeviceFixture(backend)
{
    [Test]
    public void OnlySynchronizationsAndReadsCount()
    {
        using var a = Acc.Allocate<float>(new float[] { -1, 2, -3, 4 }, "a");
        using var b = Acc.Allocate<float>(4, "b");
        long start = Acc.HostWaitCount;
        b.CopyFromHost(new float[] { 0, 0, 0, 0 });
        Acc.DefaultStream.Launch(ActivationKernels.ReluKernel, 4, a.View, b.View);
        b.CopyFrom(a.View);
        b.Fill(1f);
        Assert.That(Acc.HostWaitCount - start, Is.Zero, "enqueuing waits for nothing");
        Acc.Synchronize();
        Assert.That(Acc.HostWaitCount - start, Is.EqualTo(1));
        Assert.That(b.ToArray(), Is.All.EqualTo(1f));
        Assert.That(Acc.HostWaitCount - start, Is.EqualTo(2), "a read to the host is a wait");
        using var stream = Acc.CreateStream();
        stream.Synchronize();
        Assert.That(Acc.HostWaitCount - start, Is.EqualTo(3), "every stream's waits count");
    }
}
