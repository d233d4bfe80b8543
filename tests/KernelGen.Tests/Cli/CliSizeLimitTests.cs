using KernelGen.Graph.Checkpoints;

namespace KernelGen.Tests.Cli;

/// <summary>
/// Sizes no tensor or device can hold, from the command line or from a checkpoint's metadata: one line naming
/// the option as typed (or the file), exit code 2, never an overflow crash.
/// </summary>
public sealed class CliSizeLimitTests
{
    private string _dir = "";

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-cli-size-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    /// <summary>Trains into DIR/run; a refused run must not even create that folder.</summary>
    private Kernelgen.Result Train(params string[] more)
    {
        var run = Path.Combine(_dir, "run");
        var r = Kernelgen.Run(_dir, ["train", "vae", "--device", "cpu", "--limit", "512", "--out", run, .. more]);
        if (r.ExitCode != 0) Assert.That(Directory.Exists(run), Is.False, "a refused run created its folder");
        return r;
    }

    [Test]
    public void BatchLargerThanTheDataNamesTheFlagAsTyped() =>
        CliAssert.BadInput(Train("--batch", "100000000"), "--batch 100000000", "512 training images", "accepted: 1 to 512");

    [Test]
    public void BatchSizeSpelledAsTheModelOptionIsNamedSo() =>
        CliAssert.BadInput(Train("--batch-size", "100000000"), "--batch-size 100000000");

    [TestCase("--latent", "100000000", "(100000000, ")]
    [TestCase("--hidden", "2000000000", "(2000000000, 784)")]
    public void LayerTooLargeForATensorNamesTheOptionAndTheShape(string option, string value, string shape) =>
        CliAssert.BadInput(Train(option, value), $"with {option} {value}", "does not fit on cpu", shape, "2,147,483,647");

    [Test]
    public void AGridTooLargeForTheLatentIsRefusedBeforeTraining() =>
        CliAssert.BadInput(Train("--latent", "300000", "--hidden", "16", "--batch", "16", "--samples", "10000"), "--samples 10000 is too many", "300,000 values each");

    [Test]
    public void ParametersLargerThanTheDeviceMemoryAreRefusedBeforeAllocating() =>
        CliAssert.BadInput(Train("--hidden", "2000000"), "with --hidden 2000000", "does not fit on cpu", "bytes free", "'fc1.weight'");

    [TestCase("options", "\"Latent\":2", "\"Latent\":2000000000", "does not fit on cpu")]
    [TestCase("image", "28x28x10", "99999x99999x10", "metadata field 'image'")]
    public void CheckpointWhoseMetadataAsksForTooMuchNamesTheFile(string field, string from, string to, string why)
    {
        var (dir, checkpoint) = Kernelgen.TrainCheckpoint("kernelgen-cli-size-ckpt-", run => Kernelgen.TinyTrain(run, 1));
        try
        {
            var (tensors, meta) = SafeTensors.Read(checkpoint);
            meta[field] = meta[field].Replace(from, to);
            Assert.That(meta[field], Does.Contain(to));
            SafeTensors.Write(checkpoint, tensors, meta);
            CliAssert.BadInput(Kernelgen.Run(dir, "sample", "--checkpoint", checkpoint, "--device", "cpu"), checkpoint, why);
            CliAssert.BadInput(Kernelgen.Run(dir, "train", "vae", "--resume", "--out", Path.GetDirectoryName(checkpoint)!, "--limit", "512", "--device", "cpu", "--epochs", "2"), checkpoint);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
