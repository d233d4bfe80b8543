using System.Globalization;
using System.Text;
using System.Text.Json;
using KernelGen.Graph.Checkpoints;

namespace KernelGen.Models.Training;

/// <summary>
/// The per-epoch metrics of a run, one row per completed epoch in order. The whole history travels in every
/// checkpoint (metadata <see cref="MetadataKey"/>), and metrics.jsonl / metrics.csv are rewritten from it
/// atomically after each checkpoint, so after any kill the files agree with the checkpoint (a resume rewrites
/// them from it). Non-finite values are written as JSON <c>null</c> and as <c>nan</c>, <c>inf</c>, <c>-inf</c> in the CSV.
/// </summary>
public sealed class MetricsLog
{
    /// <summary>The checkpoint metadata key holding the history (a JSON array of rows).</summary>
    public const string MetadataKey = "metrics";

    /// <summary>File names in the run folder.</summary>
    public const string JsonLinesFile = "metrics.jsonl", CsvFile = "metrics.csv";

    private readonly List<IReadOnlyList<(string Key, double Value)>> _rows = new();

    /// <summary>The rows, oldest first.</summary>
    public IReadOnlyList<IReadOnlyList<(string Key, double Value)>> Rows => _rows;

    /// <summary>The row of an epoch's report.</summary>
    public static IReadOnlyList<(string Key, double Value)> Row(EpochReport report)
    {
        var row = new List<(string, double)>
        {
            ("epoch", report.Epoch),
            ("seconds", Math.Round(report.Seconds, 3)),
            ("images_per_second", Math.Round(report.ImagesPerSecond, 1)),
            ("outputs_seconds", Math.Round(report.OutputsSeconds, 3)),
        };
        // float → the double of its shortest decimal form, so the files show 160.2123, not 160.21234130859375
        foreach (var (k, v) in report.TrainLosses) row.Add(("train_" + k, double.Parse(v.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)));
        foreach (var (k, v) in report.Test) row.Add((k, v));
        return row;
    }

    /// <summary>Adds the row of the next epoch; a row for an epoch already present replaces it and every later one.</summary>
    public void Add(IReadOnlyList<(string Key, double Value)> row)
    {
        double epoch = row.First(c => c.Key == "epoch").Value;
        _rows.RemoveAll(r => Epoch(r) >= epoch);
        _rows.Add(row);
    }

    /// <summary>Keeps the rows of epochs 1..<paramref name="epochs"/> only.</summary>
    public void TruncateTo(int epochs) => _rows.RemoveAll(r => Epoch(r) > epochs);

    /// <summary>The history as stored in a checkpoint.</summary>
    public string ToMetadata() => "[" + string.Join(",", _rows.Select(JsonRow)) + "]";

    /// <summary>
    /// The history of a resumed run: from the checkpoint's metadata when it has one, else (checkpoints written
    /// before the history was kept there) the rows of metrics.jsonl up to the checkpoint's epoch, the last row of
    /// each epoch winning; unreadable lines (a kill mid-append) are dropped.
    /// </summary>
    public static MetricsLog Resume(IReadOnlyDictionary<string, string> metadata, string directory, int checkpointEpoch, string checkpoint = "")
    {
        var log = new MetricsLog();
        IEnumerable<string> rows = metadata.TryGetValue(MetadataKey, out var json) ? History(json, checkpoint)
            : File.Exists(Path.Combine(directory, JsonLinesFile)) ? File.ReadLines(Path.Combine(directory, JsonLinesFile)) : [];
        foreach (var line in rows)
            if (ParseRow(line) is { } row && Epoch(row) <= checkpointEpoch) log.Add(row);
        log._rows.Sort((a, b) => Epoch(a).CompareTo(Epoch(b)));
        return log;
    }

    private static List<string> History(string json, string checkpoint)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == JsonValueKind.Array) return doc.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList();
        }
        catch (JsonException)
        {
        }
        throw new FileFormatException($"Checkpoint '{checkpoint}': metadata field '{MetadataKey}' is not a JSON array of per-epoch rows.");
    }

    /// <summary>Rewrites metrics.jsonl and metrics.csv in <paramref name="directory"/> from the history, each atomically.</summary>
    public void WriteFiles(string directory)
    {
        var jsonl = new StringBuilder();
        foreach (var r in _rows) jsonl.Append(JsonRow(r)).Append('\n');
        AtomicFile.WriteText(Path.Combine(directory, JsonLinesFile), jsonl.ToString());
        var columns = _rows.SelectMany(r => r.Select(c => c.Key)).Distinct().ToList();
        var csv = new StringBuilder(string.Join(",", columns)).Append('\n');
        foreach (var r in _rows)
        {
            var values = r.ToDictionary(c => c.Key, c => c.Value);
            csv.Append(string.Join(",", columns.Select(c => values.TryGetValue(c, out var v) ? Csv(v) : ""))).Append('\n');
        }
        AtomicFile.WriteText(Path.Combine(directory, CsvFile), csv.ToString());
    }

    private static double Epoch(IReadOnlyList<(string Key, double Value)> row) => row.FirstOrDefault(c => c.Key == "epoch").Value;

    private static string JsonRow(IReadOnlyList<(string Key, double Value)> row)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (k, v) in row)
            {
                if (!double.IsFinite(v)) w.WriteNull(k);
                else if (v == Math.Floor(v) && Math.Abs(v) < 1e15) w.WriteNumber(k, (long)v);
                else w.WriteNumber(k, v);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<(string Key, double Value)>? ParseRow(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            var row = doc.RootElement.EnumerateObject()
                .Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : double.NaN)).ToList();
            return row.Any(c => c.Name == "epoch") ? row : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Csv(double v) => double.IsNaN(v) ? "nan" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf"
        : v.ToString("R", CultureInfo.InvariantCulture);
}
