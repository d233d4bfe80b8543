using KernelGen.Models.Data;
using KernelGen.Measurements;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>A trained sample judge saved to the cache loads back as the same classifier, and a damaged file is retrained, not trusted.</summary>
public sealed class SampleJudgeCacheTests
{
    [Test]
    public void ASavedJudgeLoadsBackAndADamagedOneIsRefused()
    {
        var dir = Directory.CreateTempSubdirectory("kernelgen-judges-").FullName;
        try
        {
            var tiny = TinyData.Digits(256, 100);
            IdxWriter.Write(tiny.Train, Path.Combine(dir, "train"));
            IdxWriter.Write(tiny.Test, Path.Combine(dir, "t10k"));
            using var acc = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
            var log = new List<string>();
            var ctx = new MeasurementContext(acc, Path.Combine(dir, "out"), quick: false, log: log.Add);
            var trained = SampleJudges.Train(ctx, dir, epochs: 1);
            var file = Path.Combine(dir, "judge.safetensors");
            SampleJudges.TrySave(trained, file);

            var loaded = SampleJudges.TryLoad(ctx, dir, file);
            Assert.That(loaded, Is.Not.Null, string.Join("\n", log));
            Assert.That(loaded!.Epochs, Is.EqualTo(1));
            Assert.That(loaded.Seconds, Is.EqualTo(trained.Seconds));
            Assert.That(loaded.TestAccuracy, Is.EqualTo(trained.TestAccuracy), "re-measured on the test set: the same parameters");
            var images = tiny.Test.Images.AsSpan(0, 50 * 784).ToArray();
            Assert.That(loaded.Model.Classify(images, 50), Is.EqualTo(trained.Model.Classify(images, 50)));

            var bytes = File.ReadAllBytes(file);
            File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
            Assert.That(SampleJudges.TryLoad(ctx, dir, file), Is.Null, "a truncated file is not used");
            Assert.That(log[^1], Does.Contain("not used").And.Contain(file));
            trained.Model.Dispose();
            loaded.Model.Dispose();
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
