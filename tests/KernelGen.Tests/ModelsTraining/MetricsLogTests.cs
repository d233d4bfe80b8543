using System.Text.Json;
using KernelGen.Models.Training;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>The metrics files: valid JSON and CSV whatever the values, one row per epoch in order after any resume.</summary>
public sealed class MetricsLogTests
{
    private string _dir = "";

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-metrics-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static EpochReport Report(int epoch, float loss, double test) =>
        new(epoch, new Dictionary<string, float> { ["loss"] = loss }, new Dictionary<string, double> { ["test_loss"] = test }, 1.5, 100, []);

    [Test]
    public void NonFiniteValuesAreJsonNullAndCsvNanOrInf()
    {
        var log = new MetricsLog();
        log.Add(MetricsLog.Row(Report(1, float.NaN, double.PositiveInfinity)));
        log.Add(MetricsLog.Row(Report(2, 1e13f, double.NegativeInfinity)));
        log.WriteFiles(_dir);
        var lines = File.ReadAllLines(Path.Combine(_dir, MetricsLog.JsonLinesFile));
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.That(first.GetProperty("train_loss").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(first.GetProperty("test_loss").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(JsonDocument.Parse(lines[1]).RootElement.GetProperty("train_loss").GetDouble(), Is.EqualTo(1e13));
        var csv = File.ReadAllLines(Path.Combine(_dir, MetricsLog.CsvFile));
        Assert.That(csv[0], Is.EqualTo("epoch,seconds,images_per_second,outputs_seconds,train_loss,test_loss"));
        Assert.That(csv[1], Does.EndWith(",nan,inf"));
        Assert.That(csv[2], Does.EndWith(",10000000000000,-inf"));
    }

    [Test]
    public void ResumeFromOldFilesKeepsOneRowPerEpochUpToTheCheckpoint()
    {
        File.WriteAllText(Path.Combine(_dir, MetricsLog.JsonLinesFile),
            "{\"epoch\":1,\"train_loss\":3}\n{\"epoch\":2,\"train_loss\":2}\n{\"epoch\":2,\"train_loss\":2.5}\n{\"epoch\":3,\"train_loss\":1}\n{\"epoch\":4,\"tra");
        var log = MetricsLog.Resume(new Dictionary<string, string>(), _dir, checkpointEpoch: 2);
        Assert.That(log.Rows.Select(r => r.First(c => c.Key == "epoch").Value), Is.EqualTo(new[] { 1.0, 2.0 }));
        Assert.That(log.Rows[1].First(c => c.Key == "train_loss").Value, Is.EqualTo(2.5), "the last row of an epoch wins");
    }

    [Test]
    public void TheCheckpointsHistoryWinsOverTheFiles()
    {
        var saved = new MetricsLog();
        saved.Add(MetricsLog.Row(Report(1, 3, 3)));
        saved.Add(MetricsLog.Row(Report(2, 2, 2)));
        File.WriteAllText(Path.Combine(_dir, MetricsLog.JsonLinesFile), "{\"epoch\":1}\n{\"epoch\":1}\n");
        var log = MetricsLog.Resume(new Dictionary<string, string> { [MetricsLog.MetadataKey] = saved.ToMetadata() }, _dir, checkpointEpoch: 2);
        Assert.That(log.ToMetadata(), Is.EqualTo(saved.ToMetadata()));
    }
}
