using System.Globalization;
using KernelGen.Graph.Checkpoints;
using KernelGen.Models;

namespace KernelGen.Interchange.Onnx;

/// <summary>
/// ONNX export of a built model's inference parts (<see cref="GenerativeModel.InferenceParts"/>): opset 17, float32,
/// a dynamic batch dimension, named inputs and outputs, and the model's kind, part, image format and options in the
/// metadata (docs/interchange.md lists each part's inputs and outputs). Everything is translated in memory first, so
/// a part that cannot be exported, or a bad part name, leaves no file; the file is then written atomically.
/// </summary>
public static class OnnxExport
{
    /// <summary>The ONNX operator set of exported models.</summary>
    public const int Opset = OnnxModelWriter.Opset;

    /// <summary>Exports part <paramref name="part"/> of <paramref name="model"/> (built, trained or loaded) to <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The model has no such part (the message lists those it has).</exception>
    /// <exception cref="NotSupportedException">A node of the part has no ONNX form (the message names the node and its op).</exception>
    public static void Export(GenerativeModel model, string part, string path) => AtomicFile.Write(path, ToBytes(model, part));

    /// <summary>The ONNX model of part <paramref name="part"/> of <paramref name="model"/>, as the bytes of an .onnx file.</summary>
    public static byte[] ToBytes(GenerativeModel model, string part)
    {
        var declared = model.DeclarePart(part);
        return ToBytes(declared, model.InferenceParameter, Metadata(model, declared));
    }

    /// <summary>
    /// Exports any inference graph (research code's own): <paramref name="part"/>'s graph, its parameters' values from
    /// <paramref name="parameter"/> (by name), and <paramref name="metadata"/> as the model's metadata_props.
    /// </summary>
    /// <exception cref="NotSupportedException">A node of the part has no ONNX form (the message names the node and its op).</exception>
    public static void Export(InferencePart part, Func<string, float[]> parameter, IReadOnlyDictionary<string, string> metadata, string path) =>
        AtomicFile.Write(path, ToBytes(part, parameter, metadata));

    /// <summary>The ONNX model of any inference graph, as the bytes of an .onnx file (see <see cref="Export(InferencePart, Func{string, float[]}, IReadOnlyDictionary{string, string}, string)"/>).</summary>
    public static byte[] ToBytes(InferencePart part, Func<string, float[]> parameter, IReadOnlyDictionary<string, string> metadata) =>
        OnnxModelWriter.Serialize(OnnxModelWriter.Write(part, parameter, metadata));

    /// <summary>
    /// The metadata_props of an exported part: <c>kernelgen.model</c>, <c>kernelgen.part</c>, <c>kernelgen.image</c>
    /// (rows x cols x classes), <c>kernelgen.outputs</c> (what they hold), <c>kernelgen.options</c> (the options as
    /// the checkpoint's JSON) and <c>kernelgen.option.NAME</c> for each option (kebab-case, as on the command line).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Metadata(GenerativeModel model, InferencePart part)
    {
        var metadata = new Dictionary<string, string>
        {
            ["kernelgen.model"] = model.Kind,
            ["kernelgen.part"] = part.Name,
            ["kernelgen.image"] = $"{model.Rows}x{model.Cols}x{model.Classes}",
            ["kernelgen.outputs"] = part.Meaning,
            ["kernelgen.options"] = model.OptionsJson,
        };
        if (ModelRegistry.All.FirstOrDefault(e => e.Name == model.Kind) is { } entry) // a model of the caller's own has no registry entry
            foreach (var (option, property, _) in ModelRegistry.Options(entry))
                metadata[$"kernelgen.option.{option}"] = Text(property.GetValue(model.Options));
        return metadata;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        int[] list => string.Join(",", list.Select(v => v.ToString(CultureInfo.InvariantCulture))),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        Enum e => ModelRegistry.Kebab(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
