using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Runtime;

/// <summary>Bad launches fail before reaching the device, with the kernel, the argument and the sizes named.</summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class LaunchValidationTests(string backend) : DeviceFixture(backend)
{
    [Test]
    public void NegativeExtent()
    {
        using var x = Acc.Allocate<float>(4, "x");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Stream.Launch(ActivationKernels.ReluKernel, -5, x, x));
        Assert.That(ex!.Message, Does.Contain("ActivationKernels.Relu").And.Contain("-5"));
    }

    [Test]
    public void GroupLargerThanDeviceAllows()
    {
        using var x = Acc.Allocate<float>(4, "x");
        int tooMany = Acc.Device.MaxGroupSize + 1;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Stream.Launch(ReductionKernels.SumBlocksKernel, new KernelConfig(1, tooMany), x, x, 4, 1f));
        Assert.That(ex!.Message, Does.Contain("ReductionKernels.SumBlocks").And.Contain($"{tooMany} threads").And.Contain($"{Acc.Device.MaxGroupSize}"));
    }

    [Test]
    public void WrongShapeOfLaunch()
    {
        using var x = Acc.Allocate<float>(4, "x");
        var ex = Assert.Throws<ArgumentException>(() => Stream.Launch(ReductionKernels.SumBlocksKernel, 4, x, x, 4, 1f));
        Assert.That(ex!.Message, Does.Contain("Grouped").And.Contain("Index1D"));
    }

    [Test]
    public void WrongArgumentCountListsParameters()
    {
        using var x = Acc.Allocate<float>(4, "x");
        var ex = Assert.Throws<ArgumentException>(() => Stream.Launch(ActivationKernels.ReluKernel, 4, x));
        Assert.That(ex!.Message, Does.Contain("takes 2 arguments").And.Contain("ArrayView<float> y"));
    }

    [Test]
    public void WrongArgumentTypeNamesArgument()
    {
        using var x = Acc.Allocate<float>(4, "x");
        var ex = Assert.Throws<ArgumentException>(() => Stream.Launch(ActivationKernels.LeakyReluKernel, 4, x, x, 1));
        Assert.That(ex!.Message, Does.Contain("'slope'").And.Contain("expects float slope").And.Contain("int 1"));
    }

    [Test]
    public void DisposedBufferArgument()
    {
        using var x = Acc.Allocate<float>(4, "alive");
        var dead = Acc.Allocate<float>(4, "dead");
        var view = dead.View;
        dead.Dispose();
        var ex = Assert.Throws<ObjectDisposedException>(() => Stream.Launch(ActivationKernels.ReluKernel, 4, x, view));
        Assert.That(ex!.Message, Does.Contain("dead").And.Contain("disposed"));
    }

    [Test]
    public void BufferOfAnotherAccelerator()
    {
        using var other = TestDevices.Context.Devices.First(d => d.Backend == Backend.Cpu).CreateAccelerator();
        if (Acc.Device.Backend == Backend.Cpu) Assert.Pass("needs two different accelerators; covered by the other backends");
        using var x = Acc.Allocate<float>(4, "here");
        using var foreign = other.Allocate<float>(4, "elsewhere");
        var ex = Assert.Throws<ArgumentException>(() => Stream.Launch(ActivationKernels.ReluKernel, 4, x, foreign));
        Assert.That(ex!.Message, Does.Contain("elsewhere").And.Contain("'y'"));
    }

    [Test]
    public void ViewBeyondBufferIsRejected()
    {
        using var x = Acc.Allocate<float>(10, "ten");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => x.View.SubView(5, 6));
        Assert.That(ex!.Message, Does.Contain("ten").And.Contain("SubView(5, 6)").And.Contain("10"));
    }

    [Test]
    public void DeviceGoneAfterDispose()
    {
        var device = Acc.Device;
        var acc = device.CreateAccelerator();
        var buffer = acc.Allocate<float>(8, "orphan");
        acc.Dispose();
        var ex = Assert.Throws<ObjectDisposedException>(() => acc.DefaultStream.Launch(ActivationKernels.ReluKernel, 8, buffer, buffer));
        Assert.That(ex!.Message, Does.Contain(device.Name).And.Contain("no longer available"));
        Assert.Throws<ObjectDisposedException>(() => buffer.ToArray());
        Assert.Throws<ObjectDisposedException>(() => acc.Allocate<float>(4));
        Assert.DoesNotThrow(buffer.Dispose);
    }
}
