using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels.Pointwise;

/// <summary>
/// The host ops reject bad shapes and hyper-parameters before launching, with an <see cref="ArgumentException"/>
/// naming the op, the argument and the sizes (checked on the CPU: validation does not depend on the backend).
/// </summary>
public sealed class PointwiseValidationTests
{
    private Accelerator _acc = null!;
    private AcceleratorStream S => _acc.DefaultStream;

    [OneTimeSetUp] public void Open() => _acc = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
    [OneTimeTearDown] public void Close() => _acc.Dispose();

    private MemoryBuffer<float> F(int n, string name) => _acc.Allocate<float>(n, name);

    private static void Rejects(TestDelegate call, params string[] fragments)
    {
        var ex = Assert.Throws<ArgumentException>(call);
        foreach (var f in fragments) Assert.That(ex!.Message, Does.Contain(f));
    }

    [Test]
    public void ActivationLengthMismatch()
    {
        using var x = F(10, "act-x");
        using var y = F(9, "act-y");
        Rejects(() => Activations.Gelu(S, x, y), "Gelu", "act-y", "9", "10");
        Rejects(() => Activations.Elu(S, x, x, -1f), "Elu", "alpha");
        Rejects(() => Activations.SoftplusBackward(S, x, x, y), "SoftplusBackward", "dx", "9");
    }

    [Test]
    public void PoolWindowLargerThanPaddedInput()
    {
        using var x = F(2 * 3 * 4 * 4, "pool-x");
        using var y = F(100, "pool-y");
        Rejects(() => Pool.AvgPool2D(S, x, y, 2, 3, 4, 4, 7, 1, 1), "AvgPool2D", "7×7", "6×6");
        Rejects(() => Pool.AvgPool2D(S, x, y, 2, 3, 4, 4, 3, 1, 2), "AvgPool2D", "padding 2", "kernel 3");
        Rejects(() => Pool.AvgPool2D(S, x, y, 2, 3, 4, 4, 2, 0, 0), "AvgPool2D", "stride");
    }

    [Test]
    public void PoolShapeMismatch()
    {
        using var x = F(2 * 3 * 5 * 5, "pool-x");
        using var y = F(2 * 3 * 2 * 2, "pool-y");
        using var arg = _acc.Allocate<int>(5, "pool-argmax");
        using var yBad = F(7, "pool-y-bad");
        Rejects(() => Pool.MaxPool2D(S, x, y, arg, 2, 3, 5, 5, 2, 2, 0), "MaxPool2D", "pool-argmax", "2×3×2×2", "24");
        Rejects(() => Pool.MaxPool2D(S, x, yBad, arg, 2, 3, 5, 5, 2, 2, 0), "MaxPool2D", "pool-y-bad", "7");
        Rejects(() => Pool.MaxPool2D(S, x, y, arg, 2, 3, 6, 5, 2, 2, 0), "MaxPool2D", "pool-x", "150", "180");
    }

    [Test]
    public void ResizeMismatchAndEmpty()
    {
        using var x = F(12, "rs-x");
        using var y = F(40, "rs-y");
        Rejects(() => Resize.Nearest(S, x, y, 1, 1, 3, 4, 2, 2), "Nearest", "rs-y", "40", "48");
        Rejects(() => Resize.Bilinear(S, x, y, 1, 1, 3, 4, 0, 5), "Bilinear", "oh", "0");
        Rejects(() => Resize.NearestBackward(S, y, x, 1, 1, 3, 4, 0, 2), "NearestBackward", "scaleH");
    }

    [Test]
    public void BatchNormShapes()
    {
        using var x = F(24, "bn-x");
        using var y = F(24, "bn-y");
        using var c3 = F(3, "bn-c3");
        using var c2 = F(2, "bn-c2");
        using var scratch = F(5, "bn-scratch");
        Rejects(() => BatchNormOps.BatchNormTraining(S, x, y, c3, c3, c3, c2, c3, c3, 2, 3, 4), "BatchNormTraining", "runningVar", "bn-c2", "3 channels");
        Rejects(() => BatchNormOps.BatchNormTraining(S, x, y, c3, c3, c3, c3, c3, c3, 2, 3, 5), "BatchNormTraining", "bn-x", "24", "30");
        Rejects(() => BatchNormOps.BatchNormTraining(S, c3, c3, c3, c3, c3, c3, c3, c3, 1, 3, 1), "BatchNormTraining", "more than one value");
        Rejects(() => BatchNormOps.BatchNormTraining(S, x, y, c3, c3, c3, c3, c3, c3, 2, 3, 4, momentum: 1.5f), "momentum", "1.5");
        Rejects(() => BatchNormOps.BatchNormBackward(S, x, y, c3, c3, c3, y, c3, c3, scratch, 2, 3, 4), "BatchNormBackward", "bn-scratch", "5", "6");
        Rejects(() => BatchNormOps.BatchNormInference(S, x, y, c3, c3, c3, c3, 2, 3, 4, eps: 0f), "BatchNormInference", "eps");
    }

    [Test]
    public void NoiseProbabilityOutsideRange()
    {
        using var rng = new PhiloxStream(_acc, 1);
        using var x = F(8, "nz-x");
        using var m = F(8, "nz-mask");
        using var shortMask = F(7, "nz-short");
        Rejects(() => Noise.Dropout(S, rng, x, x, m, 1f, true), "Dropout", "p", "[0, 1)");
        Rejects(() => Noise.Dropout(S, rng, x, x, m, -0.1f, true), "Dropout", "-0.1");
        Rejects(() => Noise.MaskingNoise(S, rng, x, x, m, float.NaN), "MaskingNoise", "fraction");
        Rejects(() => Noise.Dropout(S, rng, x, x, shortMask, 0.5f, true), "Dropout", "nz-short", "7", "8");
        Rejects(() => Noise.GaussianNoise(S, rng, x, x, -1f), "GaussianNoise", "std");
        Assert.That(rng.Offset, Is.EqualTo(0u), "a rejected call drew random numbers");
    }

    [Test]
    public void AxisReductionShapesAndEmpty()
    {
        using var x = F(30, "ax-x");
        using var y = F(6, "ax-y");
        using var arg = _acc.Allocate<int>(5, "ax-arg");
        Rejects(() => AxisReduce.Sum(S, x, y, 5, 3, 2), "AxisReduce.Sum", "ax-y", "6", "5×2", "10");
        Rejects(() => AxisReduce.Max(S, x, y, arg, 2, 5, 3), "AxisReduce.Max", "ax-arg", "5", "6");
        Rejects(() => AxisReduce.Softmax(S, x, x, 0, 5, 3), "AxisReduce.Softmax", "outer", "0");
        Rejects(() => AxisReduce.LogSoftmaxBackward(S, x, x, y, 6, 5), "LogSoftmaxBackward", "dx", "ax-y");
    }
}
