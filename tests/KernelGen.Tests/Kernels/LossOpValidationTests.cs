using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>Host-side validation of the loss, shape and optimizer ops: ArgumentException naming op, argument and sizes, before any launch.</summary>
public sealed class LossOpValidationTests
{
    private Accelerator _acc = null!;
    private PaddedViews _v = null!;

    [OneTimeSetUp] public void Open() => _acc = TestDevices.Context.GetDevice("cpu").CreateAccelerator();

    [SetUp] public void Views() => _v = new PaddedViews(_acc);

    [TearDown] public void FreeViews() => _v.Dispose();

    [OneTimeTearDown] public void Close() => _acc.Dispose();

    private AcceleratorStream S => _acc.DefaultStream;

    private ArrayView<float> F(int n, string name) => _v.Zeros<float>(n, name);

    private ArrayView<int> I(int n, string name) => _v.Zeros<int>(n, name);

    private static void Throws(TestDelegate call, params string[] parts)
    {
        var ex = Assert.Throws<ArgumentException>(call);
        foreach (var p in parts) Assert.That(ex!.Message, Does.Contain(p));
    }

    [Test]
    public void ElementwiseLosses()
    {
        Throws(() => Loss.Mse(S, F(10, "x"), F(9, "tgt"), F(1, "l"), default, F(100, "s")), "Mse", "target", "tgt", "9", "10");
        Throws(() => Loss.Mse(S, F(10, "x"), F(10, "t"), F(1, "l"), F(11, "dx"), F(100, "s")), "Mse", "grad", "dx", "11");
        Throws(() => Loss.BinaryCrossEntropy(S, F(10, "x"), F(10, "t"), F(1, "l"), default, F(5, "tiny")), "BinaryCrossEntropy", "scratch", "tiny", $"{Loss.ElementwiseScratchLength(10)}");
        Throws(() => Loss.BinaryCrossEntropyWithLogits(S, F(10, "x"), F(10, "t"), default, default, F(100, "s")), "BinaryCrossEntropyWithLogits", "loss", "nothing to compute");
        Throws(() => Loss.Mse(S, F(10, "x"), F(10, "t"), default, F(10, "g"), F(100, "s"), gradOutput: F(0, "dy")), "Mse", "gradOutput");
        Throws(() => Loss.Mse(S, F(10, "x"), F(10, "t"), F(1, "l"), default, F(100, "s"), (LossReduction)7), "Mse", "reduction");
        Throws(() => Loss.Mse(S, F(10, "x"), F(10, "t"), F(1, "l"), default, F(100, "s"), gradScale: float.NaN), "Mse", "gradScale");
    }

    [Test]
    public void CrossEntropy()
    {
        Throws(() => Loss.CrossEntropy(S, F(20, "z"), I(4, "lab"), F(1, "l"), default, F(100, "s"), I(1, "st"), 0), "CrossEntropy", "classes", "0");
        Throws(() => Loss.CrossEntropy(S, F(21, "z"), I(4, "lab"), F(1, "l"), default, F(100, "s"), I(1, "st"), 5), "CrossEntropy", "logits", "21", "4×5", "20");
        Throws(() => Loss.CrossEntropy(S, F(20, "z"), I(4, "lab"), F(1, "l"), default, F(100, "s"), default, 5), "CrossEntropy", "status");
        Throws(() => Loss.CrossEntropy(S, F(20, "z"), I(4, "lab"), F(1, "l"), default, F(3, "s"), I(1, "st"), 5), "CrossEntropy", "scratch", "3");
    }

    [Test]
    public void KlAndPenalties()
    {
        Throws(() => Loss.GaussianKl(S, F(12, "mu"), F(10, "lv"), F(1, "l"), default, default, F(100, "s"), 3), "GaussianKl", "logvar", "10", "12");
        Throws(() => Loss.GaussianKl(S, F(12, "mu"), F(12, "lv"), F(1, "l"), F(12, "dmu"), default, F(100, "s"), 3), "GaussianKl", "gradLogvar");
        Throws(() => Loss.GaussianKl(S, F(12, "mu"), F(12, "lv"), F(1, "l"), default, default, F(100, "s"), 5), "GaussianKl", "mu", "12", "batch 5");
        Throws(() => Loss.L1Penalty(S, F(12, "h"), F(1, "l"), default, F(100, "s"), 3, -1f), "L1Penalty", "lambda", "-1");
        Throws(() => Loss.L1Penalty(S, F(12, "h"), F(1, "l"), default, F(100, "s"), 0, 1f), "L1Penalty", "batch", "0");
        Throws(() => Loss.SparsityPenalty(S, F(12, "h"), F(1, "l"), default, F(100, "s"), 3, 1f, 1f), "SparsityPenalty", "rho", "(0, 1)");
        Throws(() => Loss.SparsityPenalty(S, F(12, "h"), F(1, "l"), default, F(100, "s"), 3, 0f, 1f), "SparsityPenalty", "rho");
        Throws(() => Loss.SparsityPenalty(S, F(12, "h"), F(1, "l"), default, F(4, "s"), 3, 0.1f, 1f), "SparsityPenalty", "scratch", $"{Loss.SparsityScratchLength(4)}");
        Throws(() => Loss.ContractivePenalty(S, F(12, "h"), F(10, "W"), F(1, "l"), default, default, F(100, "s"), 3, 0.1f), "ContractivePenalty", "w", "10", "batch 4");
        Throws(() => Loss.CrossEntropy(S, F(20, "z"), I(4, "lab"), default, default, F(100, "s"), I(1, "st"), 5), "CrossEntropy", "nothing to compute");
        Throws(() => Loss.GaussianKl(S, F(12, "mu"), F(12, "lv"), default, default, default, F(100, "s"), 3), "GaussianKl", "gradMu", "nothing to compute");
        Throws(() => Loss.SparsityPenalty(S, F(12, "h"), default, default, F(100, "s"), 3, 0.1f, 1f), "SparsityPenalty", "nothing to compute");
        Throws(() => Loss.ContractivePenalty(S, F(12, "h"), F(12, "W"), default, default, default, F(100, "s"), 3, 0.1f), "ContractivePenalty", "gradH", "nothing to compute");
        Throws(() => Loss.ContractivePenalty(S, F(12, "h"), F(8, "W"), F(1, "l"), F(12, "dh"), F(9, "dW"), F(100, "s"), 3, 0.1f), "ContractivePenalty", "gradW", "9", "8");
    }

    [Test]
    public void ShapeOps()
    {
        Throws(() => Shapes.Concat(S, F(6, "a"), F(4, "b"), F(11, "y"), 2), "Concat", "y", "11", "10");
        Throws(() => Shapes.Concat(S, F(7, "a"), F(4, "b"), F(11, "y"), 2), "Concat", "a", "7", "batch 2");
        Throws(() => Shapes.Split(S, F(10, "x"), F(6, "a"), F(4, "b"), 0), "Split", "batch", "0");
        Throws(() => Shapes.ConcatBackward(S, F(10, "dy"), F(6, "da"), F(5, "db"), 2), "ConcatBackward", "db", "5");
        Throws(() => Shapes.OneHot(S, I(4, "lab"), F(20, "y"), I(1, "st"), 0), "OneHot", "classes", "0");
        Throws(() => Shapes.OneHot(S, I(4, "lab"), F(19, "y"), I(1, "st"), 5), "OneHot", "y", "19", "20");
        Throws(() => Shapes.ExpandToChannels(S, F(6, "v"), F(50, "img"), 3, 3), "ExpandToChannels", "img", "50", "54");
        Throws(() => Shapes.ExpandToChannelsBackward(S, F(54, "dy"), F(6, "dv"), 3, -3), "ExpandToChannelsBackward", "width", "-3");
    }

    [Test]
    public void Optimizers()
    {
        Throws(() => OptimizerSteps.Sgd(S, F(10, "p"), F(9, "g"), default, 0.1f), "Sgd", "grads", "9", "10");
        Throws(() => OptimizerSteps.Sgd(S, F(10, "p"), F(10, "g"), default, -0.1f), "Sgd", "lr", "-0.1");
        Throws(() => OptimizerSteps.Sgd(S, F(10, "p"), F(10, "g"), default, 0.1f, 0.9f), "Sgd", "momentumBuffer");
        Throws(() => OptimizerSteps.Sgd(S, F(10, "p"), F(10, "g"), default, 0.1f, nesterov: true), "Sgd", "nesterov", "momentum");
        Throws(() => OptimizerSteps.Adam(S, F(10, "p"), F(10, "g"), F(10, "m"), F(8, "v"), I(OptimizerSteps.AdamStateLength, "t")), "Adam", "v", "8", "10");
        Throws(() => OptimizerSteps.Adam(S, F(10, "p"), F(10, "g"), F(10, "m"), F(10, "v"), default), "Adam", "step");
        Throws(() => OptimizerSteps.AdamW(S, F(10, "p"), F(10, "g"), F(10, "m"), F(10, "v"), I(OptimizerSteps.AdamStateLength, "t"), beta1: 1f), "AdamW", "beta1", "[0, 1)");
        Throws(() => OptimizerSteps.AdamW(S, F(10, "p"), F(10, "g"), F(10, "m"), F(10, "v"), I(OptimizerSteps.AdamStateLength, "t"), lr: -1f), "AdamW", "lr");
        Throws(() => OptimizerSteps.ClipWeights(S, F(10, "p"), -0.01f), "ClipWeights", "clip");
        Throws(() => OptimizerSteps.AverageParameters(S, F(9, "avg"), F(10, "p"), 0.9f), "AverageParameters", "average");
        Throws(() => OptimizerSteps.AverageParameters(S, F(10, "avg"), F(10, "p"), 1f), "AverageParameters", "decay");
        Throws(() => Elementwise.Swap(S, F(10, "a"), F(11, "b")), "Swap", "'b' has 11 elements");
        Throws(() => OptimizerSteps.ClipGradNorm(S, F(2000, "g"), F(1, "n"), F(1, "s"), 1f), "ClipGradNorm", "scratch", "2000", $"needs {Reduce.PartialCount(2000)}");
        Throws(() => OptimizerSteps.GlobalNorm(S, F(10, "g"), default, F(100, "s")), "GlobalNorm", "norm");
    }
}
