using System.CommandLine;
using KernelGen.Interchange.Onnx;
using KernelGen.Models;

namespace KernelGen.Cli;

/// <summary><c>kernelgen export</c>: one inference part of a checkpoint's model as an ONNX file (docs/interchange.md).</summary>
internal static class ExportCommand
{
    private static readonly string[] Parts = [PartNames.Decoder, PartNames.Encoder, PartNames.Generator, PartNames.Classifier, PartNames.Model];

    public static Command Create()
    {
        var o = new UseOptions();
        var part = new Option<string>("--part")
        {
            Description = "The part to export: decoder or generator (latent or noise, and label → image), encoder (image → latent, or μ and log σ²), classifier (image → logits), model (the whole network: an autoencoder end to end, PixelCNN's logits).",
            Required = true,
            HelpName = string.Join("|", Parts),
        };
        part.AcceptOnlyFromAmong(Parts);
        var command = o.Command("export", "Export a part of a checkpoint's model to ONNX (opset 17, float32, dynamic batch).", usesData: false);
        command.Add(part);
        return command.WithAction(o, (parse, s) =>
        {
            var name = parse.GetValue(part)!;
            var m = s.Model;
            if (!m.InferenceParts.Contains(name))
                throw new ArgumentException($"The '{m.Kind}' model of '{s.Checkpoint}' has no part '{name}'; its parts: {string.Join(", ", m.InferenceParts)}.");
            var path = s.OutputFile($"{m.Kind}-{name}.onnx");
            OnnxExport.Export(m, name, path);
            UseCommands.Wrote($"'{m.Kind}' {name} in ONNX (opset {OnnxExport.Opset})", path);
        });
    }
}
