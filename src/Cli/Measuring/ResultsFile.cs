using System.Text.Json;
using System.Text.Json.Nodes;
using KernelGen.Measurements;

namespace KernelGen.Cli;

/// <summary>
/// OUT/results.json: every measurement result so far, one per (measurement, dataset); a new result replaces the
/// old one of the same pair and leaves the others. Written atomically (temporary file, then rename).
/// </summary>
internal sealed class ResultsFile(string directory)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly JsonSerializerOptions Lenient = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The folder.</summary>
    public string Directory { get; } = System.IO.Path.GetFullPath(directory);

    /// <summary>The JSON file.</summary>
    public string Path => System.IO.Path.Combine(Directory, "results.json");

    /// <summary>Creates the folder and checks it can be written and that an existing results.json can be read.</summary>
    public void EnsureWritable()
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var probe = System.IO.Path.Combine(Directory, $".kernelgen-write-test-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Output folder '{Directory}' cannot be written ({e.Message}); pass --out with a writable folder.", e);
        }
        Read();
    }

    /// <summary>Adds or replaces <paramref name="result"/> and rewrites the file.</summary>
    public void Merge(MeasurementResult result)
    {
        var all = Read();
        var node = JsonSerializer.SerializeToNode(result, Lenient)!.AsObject();
        node["Date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        int at = all.FindIndex(r => (string?)r["Measurement"] == result.Measurement && (string?)r["Dataset"] == result.Dataset);
        if (at >= 0) all[at] = node;
        else all.Add(node);
        var array = new JsonArray(all.OrderBy(r => (string?)r["Measurement"], StringComparer.Ordinal).ThenBy(r => (string?)r["Dataset"], StringComparer.Ordinal)
            .Select(r => (JsonNode)r.DeepClone().AsObject()).ToArray());
        KernelGen.Graph.Checkpoints.AtomicFile.WriteText(Path, array.ToJsonString(Indented) + "\n");
    }

    private List<JsonObject> Read()
    {
        if (!File.Exists(Path)) return [];
        try
        {
            return (JsonNode.Parse(File.ReadAllText(Path)) as JsonArray ?? throw new JsonException("not a JSON array"))
                .Select(n => n as JsonObject ?? throw new JsonException("an entry is not an object")).ToList();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{Path}' is not a results file written by 'kernelgen measure' ({e.Message}); move it away or pass another --out.", e);
        }
    }
}
