using KernelGen.Graph.Checkpoints;

namespace KernelGen.Tests.Cli;

/// <summary>
/// Bad input through the real executable: each is one line on stderr naming what is wrong and what is accepted,
/// exit code 2, and an earlier run in the folder is left exactly as it was.
/// </summary>
public sealed class CliBadInputTests
{
    private string _dir = "", _run = "";
    private Dictionary<string, byte[]> _before = new();

    [OneTimeSetUp]
    public void TrainOnce()
    {
        _dir = Directory.CreateTempSubdirectory("kernelgen-cli-bad-").FullName;
        _run = Path.Combine(_dir, "run");
        CliAssert.Succeeded(Kernelgen.Run(_dir, Kernelgen.TinyTrain(_run, 1)));
        _before = CliAssert.Snapshot(_run);
    }

    [TearDown]
    public void NothingWrittenIsLost()
    {
        var after = CliAssert.Snapshot(_run);
        Assert.That(after.Keys, Is.EquivalentTo(_before.Keys), "files of the earlier run");
        foreach (var (name, bytes) in _before) Assert.That(after[name], Is.EqualTo(bytes), $"{name} changed");
    }

    [OneTimeTearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private Kernelgen.Result Run(params string[] args) => Kernelgen.Run(_dir, args);

    private string Checkpoint => Path.Combine(_run, "checkpoint.safetensors");

    [Test]
    public void UnknownModelListsTheModels() =>
        CliAssert.BadInput(Run("train", "no-such-model", "--out", _run), "Unknown model 'no-such-model'", "accepted: ", "vae", "dcgan", "conv-ae");

    [Test]
    public void UnknownModelOptionListsThatModelsOptions() =>
        CliAssert.BadInput(Run("train", "vae", "--latnt", "2", "--out", _run), "no option '--latnt'", "--latent", "--hidden");

    [Test]
    public void BadModelOptionValueIsNamed() =>
        CliAssert.BadInput(Run("train", "vae", "--latent", "zero", "--out", _run), "--latent", "zero");

    [Test]
    public void OutOfRangeModelOptionIsNamed() =>
        CliAssert.BadInput(Run("train", "vae", "--latent", "0", "--out", _run), "--latent 0 is out of range; it must be at least 1.");

    [Test]
    public void OutOfRangeCommonOptionIsNamedAsTyped()
    {
        CliAssert.BadInput(Run("train", "vae", "--batch", "0", "--out", _run), "--batch 0 is out of range; it must be at least 1.");
        CliAssert.BadInput(Run("train", "vae", "--lr", "-1", "--out", _run), "--lr -1 is out of range; it must be positive and finite.");
        CliAssert.BadInput(Run("train", "vae", "--batch-size", "0", "--out", _run), "--batch-size 0 is out of range; it must be at least 1.");
    }

    [TestCase("train vae --seed -1", "--seed -1 is not accepted: expected an integer from 0 to 18446744073709551615")]
    [TestCase("train vae --lr inf", "--lr inf is not accepted: expected a positive finite number")]
    [TestCase("train vae --epochs 99999999999", "--epochs 99999999999 is not accepted: expected an integer from 1 to 1000000")]
    [TestCase("train vae --batch 1.5", "--batch 1.5 is not accepted: expected an integer")]
    [TestCase("sample --count abc", "--count abc is not accepted: expected an integer from 1 to 10000")]
    [TestCase("sample --seed -7", "--seed -7 is not accepted: expected an integer from 0 to 18446744073709551615")]
    [TestCase("reconstruct --count 0", "--count 0 is not accepted: expected an integer from 1 to 100000")]
    [TestCase("interpolate --steps 1", "--steps 1 is not accepted: expected an integer from 2 to 1000")]
    [TestCase("arithmetic --minus x", "--minus x is not accepted: expected an integer")]
    [TestCase("latent-plot --count 1e3", "--count 1e3 is not accepted: expected an integer from 1 to 100000")]
    [TestCase("anomaly --top 5000", "--top 5000 is not accepted: expected an integer from 1 to 1000")]
    [TestCase("demo --gemm-size 0", "--gemm-size 0 is not accepted: expected an integer from 1 to 8192")]
    public void NumericOptionErrorsNameTheFlagAndTheRange(string command, string message)
    {
        var args = command.Split(' ').ToList();
        if (args[0] is not ("train" or "demo")) args.InsertRange(1, ["--checkpoint", Checkpoint]);
        else if (args[0] == "train") args.AddRange(["--out", _run]);
        var r = Run([.. args]);
        CliAssert.BadInput(r, message);
        Assert.That(r.Stderr, Does.Not.Contain("System."), "no .NET type names");
    }

    [Test]
    public void UnknownCommonOptionValueIsAParseError() =>
        CliAssert.BadInput(Run("train", "vae", "--epochs", "many", "--out", _run), "many");

    [Test]
    public void DeviceThatDoesNotExistListsThosePresent() =>
        CliAssert.BadInput(Run("train", "vae", "--device", "cuda:7", "--out", _run), "cuda:7", "Devices present: auto, cpu");

    [Test]
    public void UnknownBackendIsNamed() =>
        CliAssert.BadInput(Run("sample", "--checkpoint", Checkpoint, "--device", "tpu"), "tpu", "cpu, opencl or cuda");

    [Test]
    public void FreshRunIntoAnEarlierRunIsRefused() =>
        CliAssert.BadInput(Run(Kernelgen.TinyTrain(_run, 1)), "already holds a run", "--resume", "--overwrite");

    [Test]
    public void ResumeWithOtherOptionsIsRefused() =>
        CliAssert.BadInput(Run(["train", "vae", "--hidden", "64", "--resume", "--out", _run, "--limit", "512", "--device", "cpu"]),
            "trained with --hidden 32, not --hidden 64");

    [Test]
    public void ResumeOfAnotherModelsCheckpointIsRefused()
    {
        var other = Path.Combine(_dir, "other");
        Directory.CreateDirectory(other);
        var file = Path.Combine(other, "checkpoint.safetensors");
        SafeTensors.Write(file, new Dictionary<string, SafeTensors.Entry> { ["w"] = new([1], [0f]) },
            new Dictionary<string, string> { ["model"] = "some-other-model", ["options"] = "{}", ["image"] = "28x28x10" });
        var bytes = File.ReadAllBytes(file);
        CliAssert.BadInput(Run(["train", "vae", "--resume", "--out", other, "--limit", "512", "--device", "cpu"]),
            "holds a 'some-other-model' model, not 'vae'");
        Assert.That(File.ReadAllBytes(file), Is.EqualTo(bytes));
        CliAssert.BadInput(Run("sample", "--checkpoint", file), "Unknown model 'some-other-model'", "accepted: ", "vae", "dcgan", "conv-ae");
    }

    [Test]
    public void CorruptCheckpointIsRefused()
    {
        var file = Path.Combine(_dir, "corrupt.safetensors");
        File.WriteAllText(file, "this is not a checkpoint");
        CliAssert.BadInput(Run("sample", "--checkpoint", file), "not a valid safetensors file");
    }

    [Test]
    public void MissingCheckpointIsNamed() =>
        CliAssert.BadInput(Run("summary", "--checkpoint", Path.Combine(_dir, "nowhere.safetensors")), "does not exist");

    [Test]
    public void MissingCheckpointOptionIsAParseError() =>
        CliAssert.BadInput(Run("reconstruct"), "--checkpoint", "required");

    [Test]
    public void UnwritableOutputFolderIsRefused()
    {
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "");
        CliAssert.BadInput(Run("train", "vae", "--out", Path.Combine(file, "run"), "--device", "cpu"), "cannot be written");
        CliAssert.BadInput(Run("sample", "--checkpoint", Checkpoint, "--device", "cpu", "--out", Path.Combine(file, "x.png")), "cannot be written");
    }

    [Test]
    public void DatasetPathThatIsNotIdxIsRefused()
    {
        var data = Path.Combine(_dir, "not-idx");
        Directory.CreateDirectory(data);
        foreach (var f in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
            File.WriteAllText(Path.Combine(data, f), "not idx at all");
        CliAssert.BadInput(Run("train", "vae", "--data", data, "--out", _run, "--device", "cpu"), "magic number", "not 0x00000803");
        CliAssert.BadInput(Run("train", "vae", "--data", Path.Combine(_dir, "no-such-data"), "--out", _run), "Unknown data", "'mnist'", "fashion-mnist");
    }

    [Test]
    public void BadUseArgumentsAreNamed()
    {
        CliAssert.BadInput(Run("interpolate", "--checkpoint", Checkpoint, "--device", "cpu", "--from", "42"), "no test image of class 42");
        CliAssert.BadInput(Run("interpolate", "--checkpoint", Checkpoint, "--device", "cpu", "--steps", "1"), "--steps 1 is not accepted: expected an integer from 2 to 1000.");
        CliAssert.BadInput(Run("interpolate", "--checkpoint", Checkpoint, "--device", "cpu", "--steps", "1001"), "--steps 1001 is not accepted: expected an integer from 2 to 1000.");
        CliAssert.BadInput(Run("sample", "--checkpoint", Checkpoint, "--device", "cpu", "--class", "3"), "does not sample by class");
        CliAssert.BadInput(Run("arithmetic", "--checkpoint", Checkpoint, "--device", "cpu", "--plus", "12"), "--plus 12", "0..9");
    }

    [Test]
    public void UnknownMeasurementListsTheMeasurements() =>
        CliAssert.BadInput(Run("measure", "no-such-measurement", "--out", Path.Combine(_dir, "m")), "Unknown measurement", "all");

    [Test]
    public void UnknownCommandIsAParseError() =>
        CliAssert.BadInput(Run("tarin", "vae"), "tarin");
}
