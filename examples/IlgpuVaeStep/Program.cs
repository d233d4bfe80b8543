using KernelGen.Examples.IlgpuVaeStep;
using KernelGen.Models.Data;

// ilgpu-vae-step [--device ilgpu:cpu|ilgpu:cuda[:N]] [--steps N] [--batch N] [--hidden N]
var options = new Dictionary<string, string> { ["--device"] = "ilgpu:cpu", ["--steps"] = "20", ["--batch"] = "32", ["--hidden"] = "400" };
for (int i = 0; i < args.Length; i++)
{
    if (!options.ContainsKey(args[i]) || i + 1 == args.Length)
    {
        Console.Error.WriteLine($"ilgpu-vae-step: unknown option or missing value '{args[i]}'; options: {string.Join(", ", options.Keys)}.");
        return 2;
    }
    options[args[i]] = args[++i];
}
int Number(string flag) => int.TryParse(options[flag], out var n) && n > 0 ? n
    : throw new ArgumentException($"{flag} '{options[flag]}' is not a positive whole number.");

try
{
    // MNIST's digits as raw bytes, as a camera or an IDX file gives them.
    var images = Mnist.LoadEmbedded().Train.Images;
    var pixels = Array.ConvertAll(images, v => (byte)MathF.Round(v * 255f));
    var run = VaeOnIlgpu.Run(options["--device"], pixels, Number("--steps"), Number("--batch"), Number("--hidden"));
    Console.WriteLine($"{run.Device}: loss {run.FirstLoss:F2} -> {run.LastLoss:F2} nats/image; " +
        $"{run.HostWaits} host waits and {run.Allocations} allocations in steps 2..{options["--steps"]}");
    return 0;
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
{
    Console.Error.WriteLine($"ilgpu-vae-step: {e.Message}");
    return 1;
}
