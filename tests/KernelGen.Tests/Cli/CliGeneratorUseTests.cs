namespace KernelGen.Tests.Cli;

/// <summary>A GAN checkpoint through the real executable: it interpolates between noise draws, and says why it cannot between test images.</summary>
public sealed class CliGeneratorUseTests
{
    private string _dir = "", _checkpoint = "";

    [OneTimeSetUp]
    public void TrainOnce() => (_dir, _checkpoint) = Kernelgen.TrainCheckpoint("kernelgen-cli-gan-",
        run => ["train", "gan", "--hidden", "16", "--latent", "4", "--batch", "64", "--limit", "512", "--device", "cpu", "--epochs", "1", "--out", run]);

    [OneTimeTearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void InterpolateWalksBetweenTwoNoiseDraws()
    {
        var file = Path.Combine(_dir, "strip.png");
        var r = Kernelgen.Run(_dir, ["interpolate", "--checkpoint", _checkpoint, "--device", "cpu", "--steps", "5", "--seed", "3", "--out", file]);
        CliAssert.Succeeded(r);
        var png = CliAssert.Png(file);
        Assert.That((png.Width, png.Height), Is.EqualTo((5 * 30 + 2, 30 + 2)));
        Assert.That(r.Stdout, Does.Contain("noise draws (seed 3)").And.Contain("no real images at the ends"));
    }

    [Test]
    public void TestImagesAreRefusedWithTheReason()
    {
        var r = Kernelgen.Run(_dir, ["interpolate", "--checkpoint", _checkpoint, "--device", "cpu", "--from", "class:1"]);
        CliAssert.BadInput(r, "has no encoder");
    }
}
