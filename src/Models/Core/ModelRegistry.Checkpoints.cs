using System.Globalization;
using System.Text.Json;
using KernelGen.Graph.Checkpoints;

namespace KernelGen.Models;

/// <summary>Rebuilding models from checkpoints: the model kind, options and image format recorded in the metadata.</summary>
public static partial class ModelRegistry
{
    /// <summary>The most rows, and the most columns, a checkpoint's image format may record (a 4096×4096 image is 16 M pixels).</summary>
    public const int MaxImageSide = 4096;

    /// <summary>The most classes a checkpoint's image format may record.</summary>
    public const int MaxClasses = 100_000;

    private const string OptionsField = "options", ImageField = "image";

    /// <summary>Creates the model a checkpoint was saved from (kind and options from its metadata).</summary>
    /// <exception cref="FileFormatException">The file is not a valid checkpoint, or its options are missing, malformed or invalid.</exception>
    public static GenerativeModel FromCheckpoint(string path)
    {
        var (_, metadata) = SafeTensors.Read(path);
        if (!metadata.TryGetValue("model", out var kind) || !metadata.ContainsKey(OptionsField))
            throw new FileFormatException($"Checkpoint '{path}' was not written by a KernelGen model (no 'model'/'options' metadata).");
        var entry = Get(kind);
        return entry.Create(ReadOptions(entry, metadata[OptionsField], path));
    }

    /// <summary>
    /// The options of model <paramref name="entry"/> from the JSON a checkpoint's <c>options</c> metadata holds,
    /// validated. Missing, malformed or invalid options are an <see cref="FileFormatException"/> naming the
    /// checkpoint <paramref name="path"/>, the <c>options</c> field and what was wrong.
    /// </summary>
    /// <param name="entry">The model the checkpoint holds.</param>
    /// <param name="json">The <c>options</c> metadata; null when the checkpoint has none.</param>
    /// <param name="path">The checkpoint, for messages.</param>
    public static ModelOptions ReadOptions(Entry entry, string? json, string path)
    {
        string field = $"metadata field '{OptionsField}'";
        if (json is null)
            throw new FileFormatException($"Checkpoint '{path}' does not record the options of its '{entry.Name}' model (no {field}).");
        ModelOptions? options;
        try
        {
            options = (ModelOptions?)JsonSerializer.Deserialize(json, entry.OptionsType);
        }
        catch (JsonException e)
        {
            throw new FileFormatException($"Checkpoint '{path}': {field} is not valid JSON for the options of model '{entry.Name}'; " +
                $"expected an object such as {{\"BatchSize\":128}} ({e.Message})", e);
        }
        if (options is null)
            throw new FileFormatException($"Checkpoint '{path}': {field} is null; expected a JSON object with the options of model '{entry.Name}'.");
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            string reason = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "");
            throw new FileFormatException($"Checkpoint '{path}': its options are invalid ({field}): {reason}", e);
        }
        return options;
    }

    /// <summary>
    /// The image format a checkpoint was trained on: rows and cols in 1..<see cref="MaxImageSide"/>, classes in
    /// 1..<see cref="MaxClasses"/>, and, when the checkpoint records its options, a batch of such images that fits in
    /// one array. Anything else is an <see cref="FileFormatException"/> naming the file and the <c>image</c> field.
    /// </summary>
    public static (int Rows, int Cols, int Classes) ImageFormat(string path)
    {
        var (_, metadata) = SafeTensors.Read(path);
        if (!metadata.TryGetValue(ImageField, out var image))
            throw new FileFormatException($"Checkpoint '{path}' does not record its image format (no metadata field '{ImageField}'); expected rows x cols x classes, e.g. 28x28x10.");
        string field = $"metadata field '{ImageField}' = '{Abbreviated(image)}'";
        var parts = image.Split('x');
        var numbers = new int[parts.Length];
        if (parts.Length != 3 || !parts.Select((p, i) => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])).All(ok => ok))
            throw new FileFormatException($"Checkpoint '{path}': {field} is not rows x cols x classes; expected three positive integers, e.g. 28x28x10.");
        var (rows, cols, classes) = (numbers[0], numbers[1], numbers[2]);
        void Require(bool ok, string what, int value, int max)
        {
            if (!ok) throw new FileFormatException($"Checkpoint '{path}': {field} has {value} {what}; expected 1..{max}.");
        }
        Require(rows is >= 1 and <= MaxImageSide, "rows", rows, MaxImageSide);
        Require(cols is >= 1 and <= MaxImageSide, "cols", cols, MaxImageSide);
        Require(classes is >= 1 and <= MaxClasses, "classes", classes, MaxClasses);
        if (metadata.TryGetValue("model", out var kind) && metadata.TryGetValue(OptionsField, out var json)
            && Entries.FirstOrDefault(e => e.Name == kind) is { } entry)
        {
            int batch = ReadOptions(entry, json, path).BatchSize;
            long values = (long)batch * rows * cols; // below 2^31 · 2^24: no overflow
            if (values > Array.MaxLength)
                throw new FileFormatException($"Checkpoint '{path}': {field} with batch size {batch} makes {values} values per batch; expected at most {Array.MaxLength}.");
        }
        return (rows, cols, classes);
    }

    /// <summary>A metadata value short enough to quote in a one-line message.</summary>
    private static string Abbreviated(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
