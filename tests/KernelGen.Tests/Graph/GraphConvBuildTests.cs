using KernelGen.Graph;
using KernelGen.Kernels;

namespace KernelGen.Tests.Graph;

/// <summary>Build-time shape errors of the convolutional-model layers: each names the op, the node, its inputs and their shapes.</summary>
public sealed class GraphConvBuildTests
{
    private static void Fails(TestDelegate build, params string[] fragments)
    {
        var ex = Assert.Throws<GraphException>(build);
        foreach (var fragment in fragments) Assert.That(ex!.Message, Does.Contain(fragment));
    }

    [Test]
    public void Conv2dNeedsImagesWithMatchingChannelsAndRoomForTheKernel()
    {
        var g = new GraphBuilder();
        Fails(() => g.Conv2d(g.Input("v", 2, 10), 4, 3, "c1"), "Conv2d 'c1'", "'v' (2, 10)", "(N, C, H, W)");
        Fails(() => g.Conv2d(g.Input("tiny", 2, 3, 4, 4), 4, 7, "c2"), "Conv2d 'c2'", "'tiny' (2, 3, 4, 4)", "'c2.weight' (4, 3, 7, 7)", "no output pixels");
        Fails(() => g.Conv2d(g.Input("x", 2, 3, 8, 8), 0, 3, "c3"), "Conv2d 'c3'", "output channels must be positive", "'x' (2, 3, 8, 8)");
        g.Conv2d(g.Input("a", 2, 3, 8, 8), 4, 3, "shared");
        Fails(() => g.Conv2d(g.Input("b", 2, 5, 8, 8), 4, 3, "shared"), "'shared.weight'", "(4, 5, 3, 3)", "(4, 3, 3, 3)");
        Fails(() => g.Conv2d(g.Input("s", 2, 3, 8, 8), 4, 3, "c4", stride: 0), "Conv2d 'c4'", "stride 0");
    }

    [Test]
    public void ConvTranspose2dChecksOutputPaddingAndShape()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 2, 3, 4, 4);
        Fails(() => g.ConvTranspose2d(x, 2, 3, "d1", stride: 2, outputPadding: 2), "ConvTranspose2d 'd1'", "output padding 2", "'x' (2, 3, 4, 4)", "'d1.weight' (3, 2, 3, 3)");
        Fails(() => g.ConvTranspose2d(g.Input("v", 2, 3), 2, 3, "d2"), "ConvTranspose2d 'd2'", "'v' (2, 3)");
        Fails(() => g.ConvTranspose2d(g.Input("p", 1, 1, 1, 1), 1, 1, "d3", padding: 1), "ConvTranspose2d 'd3'", "removes every output pixel", "'p' (1, 1, 1, 1)");
        Assert.That(g.ConvTranspose2d(x, 2, 4, "ok", stride: 2, padding: 1).Shape, Is.EqualTo(new Shape(2, 2, 8, 8)));
    }

    [Test]
    public void MaskedConv2dKeepsTheImageSizeAndChecksChannels()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 2, 1, 7, 7);
        Assert.That(g.MaskedConv2d(x, 8, 7, PixelCnnMask.A, "in").Shape, Is.EqualTo(new Shape(2, 8, 7, 7)));
        Fails(() => g.MaskedConv2d(g.Input("v", 2, 49), 8, 7, PixelCnnMask.A, "bad"), "MaskedConv2d 'bad'", "'v' (2, 49)");
        Fails(() => g.MaskedConv2d(x, 8, 9, PixelCnnMask.B, "big", padding: 0), "MaskedConv2d 'big'", "no output pixels", "'x' (2, 1, 7, 7)");
    }

    [Test]
    public void PoolingChecksTheWindow()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 2, 3, 5, 5);
        Assert.That(g.MaxPool2d(x, 2).Shape, Is.EqualTo(new Shape(2, 3, 2, 2)));
        Assert.That(g.AvgPool2d(x, 3, 2, 1).Shape, Is.EqualTo(new Shape(2, 3, 3, 3)));
        Fails(() => g.MaxPool2d(x, 7, name: "mp"), "MaxPool2d 'mp'", "7×7 window", "'x' (2, 3, 5, 5)");
        Fails(() => g.AvgPool2d(x, 2, padding: 2, name: "ap"), "AvgPool2d 'ap'", "padding 2 is more than half", "'x' (2, 3, 5, 5)");
        Fails(() => g.MaxPool2d(g.Input("v", 2, 9), 2, name: "mv"), "MaxPool2d 'mv'", "'v' (2, 9)", "(N, C, H, W)");
    }

    [Test]
    public void UpsampleChecksRankAndSizes()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 2, 3, 4, 5);
        Assert.That(g.UpsampleNearest(x, 2, 3).Shape, Is.EqualTo(new Shape(2, 3, 8, 15)));
        Assert.That(g.UpsampleBilinear(x, 7, 9).Shape, Is.EqualTo(new Shape(2, 3, 7, 9)));
        Fails(() => g.UpsampleNearest(x, 0, name: "un"), "UpsampleNearest 'un'", "scale 0×0", "'x' (2, 3, 4, 5)");
        Fails(() => g.UpsampleBilinear(g.Input("v", 2, 20), 4, 4, "ub"), "UpsampleBilinear 'ub'", "'v' (2, 20)");
    }

    [Test]
    public void BatchNormNeedsAChannelAxisAndSaneHyperParameters()
    {
        var g = new GraphBuilder();
        Fails(() => g.BatchNorm(g.Input("v", 6), "bn1"), "BatchNorm 'bn1'", "'v' (6)");
        Fails(() => g.BatchNorm(g.Input("x", 4, 3, 2, 2), "bn2", momentum: 2f), "BatchNorm 'bn2'", "momentum 2", "'x' (4, 3, 2, 2)", "'bn2.running_var' (3)");
        g.BatchNorm(g.Input("a", 4, 3), "shared");
        Fails(() => g.BatchNorm(g.Input("b", 4, 5), "shared"), "'shared.weight'", "(5)", "(3)");
        Assert.That(g.FrozenGroups, Does.Contain(GraphBuilder.BatchNormStatsGroup));
    }

    [Test]
    public void NoiseAndDropoutCheckTheirRates()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 2, 3);
        Fails(() => g.Dropout(x, 1f, "d"), "Dropout 'd'", "probability 1", "'x' (2, 3)");
        Fails(() => g.MaskingNoise(x, -0.1f, "m"), "MaskingNoise 'm'", "fraction -0.1", "'x' (2, 3)");
        Fails(() => g.GaussianNoise(x, float.NaN, "gn"), "GaussianNoise 'gn'", "std NaN", "'x' (2, 3)");
    }

    [Test]
    public void ShapeOpsCheckCountsAndAxes()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 2, 3, 4, 4);
        Assert.That(g.Flatten(x).Shape, Is.EqualTo(new Shape(2, 48)));
        Fails(() => g.Reshape(x, new Shape(2, 47), "r"), "Reshape 'r'", "96 values", "(2, 47)", "'x' (2, 3, 4, 4)");
        var y = g.Input("y", 2, 5, 4, 4);
        Assert.That(g.Concat(x, y).Shape, Is.EqualTo(new Shape(2, 8, 4, 4)));
        Fails(() => g.Concat(x, g.Input("z", 2, 5, 4, 3), "cat"), "Concat 'cat'", "dimension 3", "'x' (2, 3, 4, 4)", "'z' (2, 5, 4, 3)");
        Fails(() => g.Concat(x, g.Input("f", 2, 5), "cat2"), "Concat 'cat2'", "same rank", "'f' (2, 5)");
        var (a, b) = g.Split(y, 2);
        Assert.That((a.Shape, b.Shape), Is.EqualTo((new Shape(2, 2, 4, 4), new Shape(2, 3, 4, 4))));
        Fails(() => g.Split(y, 5, "sp"), "Split 'sp'", "split point 5", "'y' (2, 5, 4, 4)");
    }

    [Test]
    public void LabelOpsCheckTypesAndRanks()
    {
        var g = new GraphBuilder();
        var labels = g.IntInput("labels", 4);
        Assert.That(g.OneHot(labels, 10).Shape, Is.EqualTo(new Shape(4, 10)));
        Fails(() => g.OneHot(g.Input("f", 4), 10, "oh"), "OneHot 'oh'", "int input", "'f' (4)");
        Fails(() => g.OneHot(g.IntInput("m", 4, 2), 10, "oh2"), "OneHot 'oh2'", "vector", "'m' (4, 2)");
        Fails(() => g.OneHot(labels, 0, "oh3"), "OneHot 'oh3'", "classes 0", "'labels' (4)");
        Assert.That(g.ExpandToChannels(g.Input("v", 4, 10), 3, 5).Shape, Is.EqualTo(new Shape(4, 10, 3, 5)));
        Fails(() => g.ExpandToChannels(g.Input("img", 4, 10, 2, 2), 3, 5, "ex"), "ExpandToChannels 'ex'", "(N, K)", "'img' (4, 10, 2, 2)");
    }

    [Test]
    public void ActivationsCheckTheirParameters()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 2, 3);
        Fails(() => g.Elu(x, 0f, "e"), "ELU 'e'", "alpha", "'x' (2, 3)");
        Fails(() => g.Softplus(x, -1f, name: "sp"), "Softplus 'sp'", "beta -1", "'x' (2, 3)");
        Assert.That(g.Gelu(x).Shape, Is.EqualTo(x.Shape));
    }
}
