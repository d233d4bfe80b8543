using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>Bad shapes and views are rejected before any launch, with the op, the argument and the sizes named.</summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class ConvValidationTests(string backend) : DeviceFixture(backend)
{
    private static readonly Conv2dShape Good = new Conv2dShape(2, 3, 7, 7, 4, 3, 3).WithPadding(1);

    private ArgumentException Conv(Conv2dShape shape, int xLen, int wLen, int yLen, int scratchLen, int bLen = 0)
    {
        using var x = Acc.Allocate<float>(Math.Max(xLen, 1), "x-buf");
        using var w = Acc.Allocate<float>(Math.Max(wLen, 1), "w-buf");
        using var y = Acc.Allocate<float>(Math.Max(yLen, 1), "y-buf");
        using var s = Acc.Allocate<float>(Math.Max(scratchLen, 1), "scratch-buf");
        using var b = Acc.Allocate<float>(Math.Max(bLen, 1), "b-buf");
        return Assert.Throws<ArgumentException>(() =>
            KernelGen.Kernels.Conv.Conv2d(Stream, x, w, bLen > 0 ? b.View : default, y, s, shape))!;
    }

    private int Scratch => KernelGen.Kernels.Conv.Conv2dScratchLength(Good, Acc.Device.Backend);

    [Test]
    public void KernelLargerThanPaddedInput()
    {
        var shape = new Conv2dShape(1, 1, 3, 3, 1, 5, 5) with { PadH = 0, PadW = 1 };
        var ex = Conv(shape, 9, 25, 9, 1000);
        Assert.That(ex.Message, Does.Contain("Conv2d").And.Contain("5×5").And.Contain("3×5").And.Contain("empty"));
    }

    [Test]
    public void DilatedKernelLargerThanInput()
    {
        var ex = Assert.Throws<ArgumentException>(() => KernelGen.Kernels.Conv.Conv2dScratchLength(new Conv2dShape(1, 1, 4, 4, 1, 3, 3).WithDilation(2)));
        Assert.That(ex!.Message, Does.Contain("5×5").And.Contain("4×4"));
    }

    [Test]
    public void EmptyBatchIsAnError()
    {
        var ex = Conv(Good with { Batch = 0 }, 147, 108, 196, Scratch);
        Assert.That(ex.Message, Does.Contain("Conv2d").And.Contain("batch 0"));
    }

    [Test]
    public void WeightChannelMismatch()
    {
        // w sized for 2 input channels while x and the shape have 3.
        var ex = Conv(Good, 2 * 3 * 49, 4 * 2 * 9, 2 * 4 * 49, Scratch);
        Assert.That(ex.Message, Does.Contain("Conv2d: w ('w-buf', 72 elements)").And.Contain("C=3").And.Contain("108"));
    }

    [Test]
    public void InputTooSmallForChannels()
    {
        // x holds 2 channels but the shape says 3.
        var ex = Conv(Good, 2 * 2 * 49, 108, 2 * 4 * 49, Scratch);
        Assert.That(ex.Message, Does.Contain("Conv2d: x ('x-buf', 196 elements) is too small").And.Contain("needs 294"));
    }

    [Test]
    public void OutputTooSmall()
    {
        var ex = Conv(Good, 294, 108, 391, Scratch);
        Assert.That(ex.Message, Does.Contain("y ('y-buf', 391 elements)").And.Contain("needs 392"));
    }

    [Test]
    public void BiasMismatch()
    {
        var ex = Conv(Good, 294, 108, 392, Scratch, bLen: 3);
        Assert.That(ex.Message, Does.Contain("bias ('b-buf', 3 elements)").And.Contain("K=4"));
    }

    [Test]
    public void ScratchTooSmall()
    {
        var ex = Conv(Good, 294, 108, 392, Scratch - 1);
        Assert.That(ex.Message, Does.Contain("scratch").And.Contain($"needs {Scratch}"));
    }

    [Test]
    public void BackwardOpsValidateToo()
    {
        using var small = Acc.Allocate<float>(10, "tiny");
        using var s = Acc.Allocate<float>(Scratch, "scratch");
        var e1 = Assert.Throws<ArgumentException>(() => KernelGen.Kernels.Conv.Conv2dBackwardData(Stream, small, small, small, s, Good));
        Assert.That(e1!.Message, Does.StartWith("Conv2dBackwardData: dy ('tiny', 10 elements)"));
        var e2 = Assert.Throws<ArgumentException>(() => KernelGen.Kernels.Conv.Conv2dBackwardWeights(Stream, small, small, small, s, Good));
        Assert.That(e2!.Message, Does.StartWith("Conv2dBackwardWeights: x ('tiny', 10 elements)"));
        var e3 = Assert.Throws<ArgumentException>(() => KernelGen.Kernels.Conv.Conv2dBackwardBias(Stream, small, small, Good));
        Assert.That(e3!.Message, Does.StartWith("Conv2dBackwardBias: dy ('tiny', 10 elements)"));
    }

    [Test]
    public void TransposedOutputPaddingMustBeBelowStride()
    {
        var shape = new ConvTranspose2dShape(1, 2, 3, 3, 2, 3, 3).WithStride(2).WithOutputPadding(2);
        var ex = Assert.Throws<ArgumentException>(() => KernelGen.Kernels.Conv.ConvTranspose2dScratchLength(shape));
        Assert.That(ex!.Message, Does.Contain("ConvTranspose2d: output padding 2×2"));
    }

    [Test]
    public void TransposedEmptyOutput()
    {
        var shape = new ConvTranspose2dShape(1, 2, 1, 1, 2, 1, 1).WithPadding(1);
        var ex = Assert.Throws<ArgumentException>(() => KernelGen.Kernels.Conv.ConvTranspose2dScratchLength(shape));
        Assert.That(ex!.Message, Does.Contain("output would be empty").And.Contain("-1×-1"));
    }

    [Test]
    public void TransposedWeightChannelMismatch()
    {
        var shape = new ConvTranspose2dShape(2, 3, 4, 4, 2, 2, 2).WithStride(2);
        using var x = Acc.Allocate<float>(96, "x");
        using var w = Acc.Allocate<float>(3 * 3 * 4, "w-buf");
        using var y = Acc.Allocate<float>(2 * 2 * 64, "y");
        using var s = Acc.Allocate<float>(KernelGen.Kernels.Conv.ConvTranspose2dScratchLength(shape), "s");
        var ex = Assert.Throws<ArgumentException>(() => KernelGen.Kernels.Conv.ConvTranspose2d(Stream, x, w, default, y, s, shape));
        Assert.That(ex!.Message, Does.Contain("ConvTranspose2d: w ('w-buf', 36 elements)").And.Contain("Cout=2").And.Contain("24"));
    }
}
