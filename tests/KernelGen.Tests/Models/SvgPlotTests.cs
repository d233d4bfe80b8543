using System.Xml.Linq;
using KernelGen.Models.Imaging;
using KernelGen.Models.Uses;

namespace KernelGen.Tests.Models;

public sealed class SvgPlotTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Test]
    public void ScatterColoursByLabelWithLegend()
    {
        float[] x = [0, 1, 2, 3, float.NaN], y = [0, 1, 4, 9, 1];
        int[] labels = [0, 1, 1, 3, 2];
        string svg = SvgPlot.Scatter(x, y, labels, "latent <z>", ["zero", "one", "two", "three"]);
        var doc = XDocument.Parse(svg);                       // well-formed XML
        var circles = doc.Descendants(Svg + "circle").ToList();
        Assert.That(circles, Has.Count.EqualTo(4), "the NaN point is skipped");
        Assert.That(circles.Select(c => (string)c.Attribute("fill")!).Distinct().Count(), Is.EqualTo(3));
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.That(texts, Does.Contain("latent <z>").And.Contain("zero").And.Contain("one").And.Contain("three").And.Not.Contain("two"));
        // y = 9 lies above y = 0
        double Cy(int i) => double.Parse((string)circles[i].Attribute("cy")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(Cy(3), Is.LessThan(Cy(0)));
    }

    [Test]
    public void LinesDrawEachSeries()
    {
        var train = LineSeries.Of("train", [3.0, 2.0, 1.5, double.NaN, 1.2]);
        var test = new LineSeries("test", [0, 2, 4], [3.1, 2.2, 1.9]);
        var doc = XDocument.Parse(SvgPlot.Lines([train, test], "loss", "epoch", "nats"));
        var paths = doc.Descendants(Svg + "path").Select(p => (string)p.Attribute("d")!).ToList();
        Assert.That(paths, Has.Count.EqualTo(2));
        Assert.That(paths[0].Count(c => c == 'M'), Is.EqualTo(2), "the NaN breaks the line");
        Assert.That(paths[1].Count(c => c == 'L'), Is.EqualTo(2));
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.That(texts, Does.Contain("train").And.Contain("test").And.Contain("epoch").And.Contain("nats"));
    }

    [Test]
    public void ScatterLabelsItsAxes()
    {
        var texts = Texts(SvgPlot.Scatter([0f, 1f], [1f, 0f], [0, 1], "z", xLabel: "z₁", yLabel: "z₂"));
        Assert.That(texts, Does.Contain("z₁").And.Contain("z₂"));
    }

    [Test]
    public void LatentScatterNamesItsAxesByWhetherItProjects()
    {
        float[] z2 = [0, 1, 1, 0, 2, 2], z3 = [0, 1, 2, 1, 0, 1, 2, 2, 0];
        Assert.That(Texts(LatentSpace.Scatter(z2, 2, [0, 1, 0], "two dimensions")), Does.Contain("z₁").And.Contain("z₂").And.Not.Contain("PC 1"));
        Assert.That(Texts(LatentSpace.Scatter(z3, 3, [0, 1, 0], "three dimensions")), Does.Contain("PC 1").And.Contain("PC 2").And.Not.Contain("z₁"));
    }

    [Test]
    public void IntegerXTicksAreWholeEpochs()
    {
        var threeEpochs = new LineSeries("train_loss", [1, 2, 3], [0.9, 0.7, 0.6]);
        Assert.That(XTickLabels(SvgPlot.Lines([threeEpochs], integerX: true)), Is.EqualTo(new[] { "1", "2", "3" }));
        Assert.That(XTickLabels(SvgPlot.Lines([threeEpochs])), Does.Contain("1.5"), "without the option the ticks fall between epochs");
        Assert.That(SvgFrame.Ticks(0.5, 250, integer: true), Is.EqualTo(new[] { 50.0, 100, 150, 200, 250 }), "long runs keep round steps");
    }

    [Test]
    public void TicksAreRoundNumbers()
    {
        Assert.That(SvgFrame.Ticks(0, 10), Is.EqualTo(new[] { 0.0, 2, 4, 6, 8, 10 }));
        Assert.That(SvgFrame.Ticks(-0.13, 0.97), Has.All.Matches<double>(t => Math.Abs(t * 5 - Math.Round(t * 5)) < 1e-9));
    }

    /// <summary>The texts of an SVG plot.</summary>
    internal static List<string> Texts(string svg) => XDocument.Parse(svg).Descendants(Svg + "text").Select(t => t.Value).ToList();

    /// <summary>The x-axis tick labels of an SVG plot: the numeric texts centred under the axis (y ticks are right-aligned).</summary>
    internal static List<string> XTickLabels(string svg) =>
        XDocument.Parse(svg).Descendants(Svg + "text")
            .Where(t => (string?)t.Attribute("text-anchor") == "middle" && double.TryParse(t.Value, System.Globalization.CultureInfo.InvariantCulture, out _))
            .Select(t => t.Value).ToList();

    [Test]
    public void ConstantDataStillPlots()
    {
        Assert.DoesNotThrow(() => XDocument.Parse(SvgPlot.Lines([LineSeries.Of("flat", [2.0, 2.0])])));
        Assert.DoesNotThrow(() => XDocument.Parse(SvgPlot.Scatter([1f], [1f], [0])));
    }

    [Test]
    public void BadInput()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => SvgPlot.Scatter([1f, 2f], [1f], [0, 0]))!.Message, Does.Contain("x 2, y 1"));
        Assert.Throws<ArgumentException>(() => SvgPlot.Scatter([1f], [1f], [-1]));
        Assert.That(Assert.Throws<ArgumentException>(() => SvgPlot.Scatter([float.NaN], [1f], [0]))!.Message, Does.Contain("no finite values"));
        Assert.Throws<ArgumentException>(() => SvgPlot.Lines([]));
        Assert.That(Assert.Throws<ArgumentException>(() => SvgPlot.Lines([new LineSeries("s", [1, 2], [1])]))!.Message, Does.Contain("'s'"));
        Assert.That(Assert.Throws<ArgumentException>(() => SvgPlot.Lines([LineSeries.Of("s", [1.0])], width: 100))!.Message, Does.Contain("too small"));
    }
}
