using KernelGen.Graph.Checkpoints;
using KernelGen.Models;
using KernelGen.Models.Autoencoders;

namespace KernelGen.Tests.Models;

/// <summary>Model kind, options and image format read from a checkpoint's metadata: each defect is one line naming the file and the field.</summary>
public sealed class CheckpointMetadataTests
{
    string _dir = "";

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-metadata-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    /// <summary>A checkpoint of one tensor with the metadata of an autoencoder ("ae"), <paramref name="changes"/> applied (null removes a key).</summary>
    string Checkpoint(params (string Key, string? Value)[] changes)
    {
        var metadata = new Dictionary<string, string> { ["model"] = "ae", ["options"] = "{\"BatchSize\":32,\"Hidden\":[16]}", ["image"] = "28x28x10" };
        foreach (var (key, value) in changes)
            if (value is null) metadata.Remove(key);
            else metadata[key] = value;
        string path = Path.Combine(_dir, "model.safetensors");
        SafeTensors.Write(path, new Dictionary<string, SafeTensors.Entry> { ["w"] = new([1], [0f]) }, metadata);
        return path;
    }

    static string Rejection(TestDelegate read)
    {
        var message = Assert.Throws<FileFormatException>(read)!.Message;
        Assert.That(message, Does.Not.Contain("\n"));
        return message;
    }

    [Test]
    public void GoodMetadataIsRead()
    {
        string path = Checkpoint();
        using var model = ModelRegistry.FromCheckpoint(path);
        Assert.That(((AutoencoderOptions)model.Options).Hidden, Is.EqualTo(new[] { 16 }));
        Assert.That(ModelRegistry.ImageFormat(path), Is.EqualTo((28, 28, 10)));
    }

    [TestCase("{\"BatchSize\":32", "is not valid JSON")]
    [TestCase("{\"BatchSize\":\"many\"}", "$.BatchSize")]
    [TestCase("[1, 2]", "is not valid JSON")]
    [TestCase("null", "metadata field 'options' is null; expected a JSON object with the options of model 'ae'")]
    public void BrokenOptionsJsonNamesTheFileAndField(string json, string expected)
    {
        string path = Checkpoint(("options", json));
        var message = Rejection(() => ModelRegistry.FromCheckpoint(path));
        Assert.That(message, Does.StartWith($"Checkpoint '{path}': metadata field 'options' ").And.Contain(expected));
    }

    [Test]
    public void InvalidOptionsNameTheFile()
    {
        string path = Checkpoint(("options", "{\"BatchSize\":0}"));
        Assert.That(Rejection(() => ModelRegistry.FromCheckpoint(path)),
            Is.EqualTo($"Checkpoint '{path}': its options are invalid (metadata field 'options'): BatchSize (--batch-size) = 0 is out of range; it must be at least 1."));
    }

    [Test]
    public void ReadOptionsWithoutOptions()
    {
        var message = Rejection(() => ModelRegistry.ReadOptions(ModelRegistry.Get("ae"), null, "x.safetensors"));
        Assert.That(message, Does.Contain("Checkpoint 'x.safetensors' does not record the options of its 'ae' model (no metadata field 'options')"));
    }

    [TestCase("99999x99999x10", "has 99999 rows; expected 1..4096")]
    [TestCase("28x4097x10", "has 4097 cols; expected 1..4096")]
    [TestCase("28x28x0", "has 0 classes; expected 1..100000")]
    [TestCase("28x28x100001", "has 100001 classes; expected 1..100000")]
    [TestCase("28x28", "is not rows x cols x classes; expected three positive integers")]
    [TestCase("28x28x99999999999", "is not rows x cols x classes")]
    [TestCase("-28x28x10", "is not rows x cols x classes")]
    [TestCase(" 28x28x10", "is not rows x cols x classes")]
    [TestCase("٢٨x28x10", "is not rows x cols x classes")]
    public void ImageFormatOutsideTheLimitsIsRejected(string image, string expected)
    {
        string path = Checkpoint(("image", image));
        Assert.That(Rejection(() => ModelRegistry.ImageFormat(path)),
            Does.StartWith($"Checkpoint '{path}': metadata field 'image' = '{image}' {expected}"));
    }

    [Test]
    public void BatchOfImagesBeyondAnArrayIsRejected()
    {
        string path = Checkpoint(("image", "4096x4096x10"), ("options", "{\"BatchSize\":128}"));
        Assert.That(Rejection(() => ModelRegistry.ImageFormat(path)),
            Is.EqualTo($"Checkpoint '{path}': metadata field 'image' = '4096x4096x10' with batch size 128 makes 2147483648 values per batch; expected at most {Array.MaxLength}."));
    }

    [Test]
    public void LargestImageFormatIsAccepted() =>
        Assert.That(ModelRegistry.ImageFormat(Checkpoint(("image", "4096x4096x100000"), ("options", "{\"BatchSize\":64}"))),
            Is.EqualTo((4096, 4096, 100000)));

    [Test]
    public void MissingImageFormatIsNamed()
    {
        string path = Checkpoint(("image", null));
        Assert.That(Rejection(() => ModelRegistry.ImageFormat(path)),
            Does.Contain($"Checkpoint '{path}' does not record its image format (no metadata field 'image')"));
    }
}
