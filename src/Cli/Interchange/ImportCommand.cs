using System.CommandLine;
using System.Globalization;
using KernelGen.Models;
using KernelGen.Models.Interchange;

namespace KernelGen.Cli;

/// <summary><c>kernelgen import --from torch-safetensors FILE --model NAME [model options] --out CHECKPOINT</c>.</summary>
internal static class ImportCommand
{
    private const string TorchSafeTensors = "torch-safetensors";

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The weights to import: a PyTorch twin's state_dict saved as safetensors (scripts/torch_to_safetensors.py writes one)." };
        var from = new Option<string>("--from") { Description = "Format of FILE.", Required = true, HelpName = TorchSafeTensors };
        from.AcceptOnlyFromAmong(TorchSafeTensors);
        var model = new Option<string>("--model") { Description = $"The model the weights are for: {string.Join(", ", ModelRegistry.All.Select(e => e.Name))}.", Required = true, HelpName = "NAME" };
        var image = new Option<string>("--image") { Description = "Image format the model is built for, rows x cols x classes.", DefaultValueFactory = _ => "28x28x10", HelpName = "ROWSxCOLSxCLASSES" };
        var output = new Option<string>("--out") { Description = "The KernelGen checkpoint to write (for sample, reconstruct, summary, or train --resume as its folder's checkpoint.safetensors).", Required = true, HelpName = "CHECKPOINT" };
        var command = new Command("import", "Build a KernelGen checkpoint from a PyTorch state_dict in safetensors; model options follow as --name value, as for train (docs/interchange.md).")
        {
            file, from, model, image, output,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result =>
        {
            var entry = ModelRegistry.Get(result.GetValue(model)!);
            var options = ModelRegistry.ParseOptions(entry, ModelOptionTokens.Parse(result.UnmatchedTokens, entry, "import --model"));
            var (rows, cols, classes) = ImageFormat(result.GetValue(image)!);
            var input = Path.GetFullPath(result.GetValue(file)!);
            if (!File.Exists(input)) throw new FileNotFoundException($"State dict '{input}' does not exist.");
            var checkpoint = Path.GetFullPath(result.GetValue(output)!);
            TorchImport.FromSafeTensors(input, entry, options, rows, cols, classes, checkpoint);
            Console.WriteLine($"Imported {entry.Name} from {input} into {checkpoint}");
            return 0;
        });
        return command;
    }

    private static (int Rows, int Cols, int Classes) ImageFormat(string text)
    {
        var parts = text.Split('x');
        var n = new int[3];
        bool ok = parts.Length == 3 && parts.Select((p, i) => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out n[i])).All(b => b)
            && n[0] is >= 1 and <= ModelRegistry.MaxImageSide && n[1] is >= 1 and <= ModelRegistry.MaxImageSide && n[2] is >= 1 and <= ModelRegistry.MaxClasses;
        return ok ? (n[0], n[1], n[2])
            : throw new ArgumentException($"--image '{text}' is not rows x cols x classes; expected e.g. 28x28x10 (sides 1..{ModelRegistry.MaxImageSide}, classes 1..{ModelRegistry.MaxClasses}).");
    }
}
