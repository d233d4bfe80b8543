using KernelGen.Tests.Models;

namespace KernelGen.Tests.Cli;

/// <summary>
/// Where the use commands write: never over one of their inputs, never over a file of another kind without
/// --overwrite, an extension added when --out has none, and anomaly's CSV and PNG as two files.
/// </summary>
public sealed class CliUseOutputTests
{
    private string _dir = "", _checkpoint = "";

    [OneTimeSetUp]
    public void TrainOnce() => (_dir, _checkpoint) = Kernelgen.TrainCheckpoint("kernelgen-cli-out-", run => Kernelgen.TinyTrain(run, 1));

    [OneTimeTearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private Kernelgen.Result Use(params string[] args) =>
        Kernelgen.Run(_dir, [args[0], "--checkpoint", _checkpoint, "--device", "cpu", .. args[1..]]);

    private string Out(string name) => Path.Combine(_dir, "uses", name);

    [Test]
    public void TheCheckpointItReadsIsNeverOverwritten()
    {
        var before = File.ReadAllBytes(_checkpoint);
        CliAssert.BadInput(Use("sample", "--out", _checkpoint), $"--out '{_checkpoint}' is an input of this command");
        CliAssert.BadInput(Use("sample", "--out", _checkpoint, "--overwrite"), "is an input of this command");
        Assert.That(File.ReadAllBytes(_checkpoint), Is.EqualTo(before));
    }

    [Test]
    public void TheCheckpointBehindALinkedFolderIsStillAnInput()
    {
        var alias = Path.Combine(_dir, "alias");
        Directory.CreateSymbolicLink(alias, Path.GetDirectoryName(_checkpoint)!);
        var before = File.ReadAllBytes(_checkpoint);
        var through = Path.Combine(alias, Path.GetFileName(_checkpoint));
        CliAssert.BadInput(Use("sample", "--out", through, "--overwrite"), $"--out '{through}' is an input of this command");
        Assert.That(File.ReadAllBytes(_checkpoint), Is.EqualTo(before));
    }

    [Test]
    public void TheDataFilesItReadsAreNeverOverwritten()
    {
        var data = Path.Combine(_dir, "idx");
        IdxFiles.WriteSplit(data, count: 64);
        var raw = Path.Combine(data, "t10k-images-idx3-ubyte");
        var images = raw + ".gz";
        File.WriteAllBytes(images, IdxFiles.Gzip(File.ReadAllBytes(raw)));
        File.Delete(raw);
        var before = File.ReadAllBytes(images);
        CliAssert.BadInput(Use("reconstruct", "--data", data, "--out", images, "--overwrite"), $"--out '{images}' is an input of this command");
        Assert.That(File.ReadAllBytes(images), Is.EqualTo(before));
    }

    [Test]
    public void AFileOfAnotherKindIsReplacedOnlyWithOverwrite()
    {
        Directory.CreateDirectory(Out(""));
        var notes = Out("notes.png");
        File.WriteAllText(notes, "my notes, not an image");
        CliAssert.BadInput(Use("sample", "--out", notes), $"--out '{notes}' exists and is not a PNG image", "--overwrite");
        Assert.That(File.ReadAllText(notes), Is.EqualTo("my notes, not an image"));
        CliAssert.Succeeded(Use("sample", "--out", notes, "--overwrite"));
        CliAssert.Png(notes);
    }

    [Test]
    public void AnEarlierOutputOfTheSameKindIsReplaced()
    {
        CliAssert.Succeeded(Use("sample", "--count", "4", "--out", Out("again.png")));
        CliAssert.Succeeded(Use("sample", "--count", "9", "--out", Out("again.png")));
        Assert.That(CliAssert.Png(Out("again.png")).Width, Is.EqualTo(3 * 30 + 2));
        CliAssert.Succeeded(Use("latent-plot", "--out", Out("plot.svg")));
        CliAssert.Succeeded(Use("latent-plot", "--out", Out("plot.svg")));
    }

    [Test]
    public void OutWithoutAnExtensionGetsTheCommandsOne()
    {
        CliAssert.Succeeded(Use("sample", "--count", "4", "--out", Out("bare")));
        CliAssert.Png(Out("bare.png"));
        Assert.That(File.Exists(Out("bare")), Is.False);
    }

    [TestCase("worst.png")]
    [TestCase("worst.csv")]
    [TestCase("worst")]
    public void AnomalyWritesItsCsvAndPngAsTwoFiles(string name)
    {
        var r = Use("anomaly", "--top", "3", "--out", Out(name));
        CliAssert.Succeeded(r);
        var csv = File.ReadAllLines(Out("worst.csv"));
        Assert.That(csv[0], Is.EqualTo("rank,index,label,score"));
        Assert.That(csv, Has.Length.EqualTo(2001), "a row per test image of the built-in digits");
        CliAssert.Png(Out("worst.png"));
        Assert.That(r.Stdout, Does.Contain(Out("worst.csv")).And.Contain(Out("worst.png")));
    }
}
