using System.CommandLine;

namespace KernelGen.Cli;

/// <summary>The options every use command has: the checkpoint, the device, the data and the output file.</summary>
internal sealed class UseOptions
{
    public Option<string> Checkpoint { get; } = new("--checkpoint")
    {
        Description = "A checkpoint written by 'kernelgen train' (e.g. runs/vae-mnist/checkpoint.safetensors).",
        Required = true,
        HelpName = "FILE",
    };

    public Option<string> Device { get; } = DeviceChoice.Create();

    public Option<string?> Data { get; } = new("--data")
    {
        Description = "Data whose test split is used (default: the data the checkpoint was trained on when that is mnist or fashion-mnist).",
        HelpName = "mnist|fashion-mnist|PATH",
    };

    public Option<string?> Out { get; } = new("--out") { Description = "Output file (default: beside the checkpoint; the extension is added when missing).", HelpName = "FILE" };

    public Option<bool> Overwrite { get; } = new("--overwrite")
    {
        Description = "Replace an existing --out file that is not this command's kind of output (an input of the command is never replaced).",
    };

    /// <summary>A command with these options (and <c>--data</c> only when it reads data).</summary>
    public Command Command(string name, string description, bool usesData)
    {
        var command = new Command(name, description) { Checkpoint, Device, Out, Overwrite };
        if (usesData) command.Add(Data);
        return command;
    }
}
