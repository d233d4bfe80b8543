namespace KernelGen.Tests.Cli;

/// <summary>The commands that use a checkpoint, through the real executable, on one tiny VAE trained once.</summary>
public sealed class CliUseTests
{
    private string _dir = "", _checkpoint = "";

    [OneTimeSetUp]
    public void TrainOnce() => (_dir, _checkpoint) = Kernelgen.TrainCheckpoint("kernelgen-cli-use-", run => Kernelgen.TinyTrain(run, 1));

    [OneTimeTearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private Kernelgen.Result Use(params string[] args) =>
        Kernelgen.Run(_dir, [args[0], "--checkpoint", _checkpoint, "--device", "cpu", .. args[1..]]);

    private string Out(string name) => Path.Combine(_dir, "uses", name);

    [Test]
    public void SampleWritesAGridOfTheRequestedSize()
    {
        var r = Use("sample", "--count", "12", "--seed", "3", "--out", Out("samples.png"));
        CliAssert.Succeeded(r);
        var png = CliAssert.Png(Out("samples.png"));
        Assert.That(png.Width, Is.EqualTo(4 * 30 + 2), "12 images: a 4×3 grid of 28-pixel images with 2-pixel padding");
        Assert.That(r.Stdout, Does.Contain(Out("samples.png")));
    }

    [Test]
    public void SampleDefaultsToAFileBesideTheCheckpoint()
    {
        CliAssert.Succeeded(Use("sample"));
        CliAssert.Png(Path.Combine(Path.GetDirectoryName(_checkpoint)!, "samples.png"));
    }

    [Test]
    public void ReconstructWritesOriginalsAboveReconstructions()
    {
        CliAssert.Succeeded(Use("reconstruct", "--count", "8", "--out", Out("recon.png")));
        var png = CliAssert.Png(Out("recon.png"));
        Assert.That((png.Width, png.Height), Is.EqualTo((8 * 30 + 2, 2 * 30 + 2)));
    }

    [Test]
    public void InterpolateWritesAStripBetweenTheTwoTestImages()
    {
        var r = Use("interpolate", "--from", "index:0", "--to", "class:3", "--steps", "6", "--out", Out("strip.png"));
        CliAssert.Succeeded(r);
        var png = CliAssert.Png(Out("strip.png"));
        // original | 6 decoded | original: 8 images of 28 pixels, 2-pixel padding, and two 4-pixel bars each with its padding
        Assert.That((png.Width, png.Height), Is.EqualTo((2 + 8 * 30 + 2 * (4 + 2), 32)));
        int bar = 2 + 30;                                                  // the first bar starts after image A
        Assert.That(Enumerable.Range(0, png.Height).Select(y => png.Pixels[y * png.Width + bar]), Has.All.EqualTo(255), "a white bar parts A from the strip");
        var test = KernelGen.Models.Data.Mnist.LoadEmbedded().Test;
        var first = new byte[28];
        KernelGen.Models.Imaging.PngWriter.ToBytes(test.Image(0).Slice(14 * 28, 28), first);
        Assert.That(png.Pixels.AsSpan((2 + 14) * png.Width + 2, 28).ToArray(), Is.EqualTo(first), "the left end is test image 0 itself");
        Assert.That(r.Stdout, Does.Contain("class 3").And.Contain("between the two originals"));
    }

    [Test]
    public void ArithmeticWritesInputsAndMovedImages()
    {
        CliAssert.Succeeded(Use("arithmetic", "--minus", "1", "--plus", "7", "--count", "5", "--out", Out("arith.png")));
        var png = CliAssert.Png(Out("arith.png"));
        Assert.That((png.Width, png.Height), Is.EqualTo((5 * 30 + 2, 2 * 30 + 2)));
    }

    [Test]
    public void LatentPlotWritesAnSvgScatter()
    {
        CliAssert.Succeeded(Use("latent-plot", "--count", "300", "--out", Out("latent.svg")));
        var svg = File.ReadAllText(Out("latent.svg"));
        Assert.That(svg, Does.StartWith("<svg").And.Contain("<circle").And.Contain(">z₁<").And.Contain(">z₂<"), "a 2-D latent is plotted as it is, on axes z₁ and z₂");
        Assert.That(System.Text.RegularExpressions.Regex.Matches(svg, "<circle").Count, Is.GreaterThanOrEqualTo(300));
    }

    [Test]
    public void AnomalyShowsTheMostAnomalousAndWritesEveryScore()
    {
        var r = Use("anomaly", "--top", "4", "--out", Out("anomaly.csv"));
        CliAssert.Succeeded(r);
        Assert.That(r.Stdout, Does.Contain("Most anomalous").And.Contain("rank"));
        var lines = File.ReadAllLines(Out("anomaly.csv"));
        Assert.That(lines[0], Is.EqualTo("rank,index,label,score"));
        Assert.That(lines, Has.Length.EqualTo(KernelGen.Models.Data.Mnist.LoadEmbedded().Test.Count + 1), "one score per test image");
        var scores = lines.Skip(1).Select(l => double.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.That(scores, Is.Ordered.Descending);
        CliAssert.Png(Out("anomaly.png"));
    }

    [Test]
    public void SummaryShowsTheCheckpointAndEveryGraph()
    {
        var r = Kernelgen.Run(_dir, "summary", "--checkpoint", _checkpoint, "--device", "cpu");
        CliAssert.Succeeded(r);
        Assert.That(r.Stdout, Does.Contain("vae").And.Contain("--hidden 32").And.Contain("Model: vae-train").And.Contain("Total params"));
    }
}
