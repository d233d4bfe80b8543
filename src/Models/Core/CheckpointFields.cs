using System.Globalization;

namespace KernelGen.Models;

/// <summary>
/// Reads the numeric metadata fields of a checkpoint (epoch, batch, step counters, random-stream offsets): a value
/// that is not a number in range is a <see cref="FileFormatException"/> naming the file and the field, never a
/// bare parser error.
/// </summary>
public static class CheckpointFields
{
    /// <summary>The integer field <paramref name="key"/> in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="missing"/> when absent.</summary>
    public static int Int(IReadOnlyDictionary<string, string> metadata, string key, string path, int missing = 0, int min = 0, int max = int.MaxValue)
    {
        if (!metadata.TryGetValue(key, out var text)) return missing;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
            : throw Bad(path, key, text, $"an integer from {min} to {max}");
    }

    /// <summary>The unsigned 32-bit field <paramref name="key"/>, or <paramref name="missing"/> when absent.</summary>
    public static uint UInt(IReadOnlyDictionary<string, string> metadata, string key, string path, uint missing = 0) =>
        !metadata.TryGetValue(key, out var text) ? missing
        : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw Bad(path, key, text, $"an integer from 0 to {uint.MaxValue}");

    /// <summary>The comma-separated floats of field <paramref name="key"/> (empty when absent).</summary>
    public static float[] Floats(IReadOnlyDictionary<string, string> metadata, string key, string path)
    {
        var parts = metadata.GetValueOrDefault(key, "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw Bad(path, key, parts[i], "comma-separated numbers");
        return values;
    }

    private static FileFormatException Bad(string path, string key, string text, string expected) =>
        new($"Checkpoint '{path}': metadata field '{key}' is '{(text.Length > 40 ? text[..40] + "…" : text)}'; expected {expected}.");
}
