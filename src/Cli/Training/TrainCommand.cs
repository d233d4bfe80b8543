using System.CommandLine;
using KernelGen.Models;
using KernelGen.Models.Data;

namespace KernelGen.Cli;

/// <summary>
/// <c>kernelgen train MODEL [options] [model options]</c>: the common options are declared here; each model's own
/// hyper-parameters (e.g. <c>--latent 2</c>) are left unmatched by the parser and handed to the registry.
/// Its help pages are <see cref="TrainHelp"/>.
/// </summary>
internal static class TrainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = $"The model to train: {string.Join(", ", ModelRegistry.All.Select(e => e.Name))}." };
        var data = new Option<string>("--data") { Description = $"Training data: {DataSpec.Accepted}.", DefaultValueFactory = _ => "mnist", HelpName = "mnist|fashion-mnist|PATH" };
        var device = DeviceChoice.Create();
        var epochs = NumberOption.Integer("--epochs", 1, 1_000_000, 10, "Epochs in total (a resumed run continues up to this count).");
        var batch = NumberOption.OptionalInteger("--batch", int.MinValue, int.MaxValue, "Images per training step (the model's --batch-size; default: the model's).");
        var lr = NumberOption.OptionalNumber("--lr", "a positive finite number", "Learning rate (the model's --learning-rate; default: the model's).");
        var seed = NumberOption.OptionalInteger("--seed", ulong.MinValue, ulong.MaxValue, "Seed of initialization, noise and batch order (default: the model's).");
        var output = new Option<string?>("--out") { Description = "Folder for images, metrics, loss curve and checkpoint (default: runs/MODEL-DATA).", HelpName = "DIR" };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --out (same model, options and data); without one, start afresh." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Delete an earlier run's files in --out and start over (without it, such a folder is refused)." };
        var classes = NumberOption.OptionalInteger("--classes", 1, 100_000,
            $"Classes of IDX data given by PATH; a label outside 0..N-1 is an error naming the file and the record (default: {DataSpec.DefaultClasses}; mnist and fashion-mnist have 10).");
        var samples = NumberOption.Integer("--samples", 0, 10_000, Models.Training.TrainerOptions.DefaultGridImages,
            "Images in each epoch's sample grid (half as many reconstructions); 0 writes no grids (PixelCNN draws one pixel at a time: a smaller grid is much faster).");
        var checkFinite = new Option<bool>("--check-finite")
        {
            Description = "After every layer of every step, check for NaN or infinity and name the first layer that produced one (slower; to find where a diverging run goes wrong).",
        };
        var judge = new Option<string?>("--judge")
        {
            Description = "A classifier checkpoint (kernelgen train classifier --data …) that classifies 1,000 samples of a GAN after each epoch, " +
                "so that a collapse onto few classes is warned about; without it only vanishing gradients and oscillation are watched.",
            HelpName = "CHECKPOINT",
        };
        var dataParallel = new Option<bool>("--data-parallel")
        {
            Description = "Train as one rank of a data-parallel run started by mpirun (mpirun -np N kernelgen train MODEL --data-parallel …): " +
                "--batch stays the global batch, each rank trains on its 1/N of it, gradients are averaged over the ranks every step (MPI; NCCL on CUDA when present), rank 0 writes the outputs.",
        };
        var noOverlap = new Option<bool>("--no-overlap")
        {
            Description = "With --data-parallel: reduce the gradients after the backward pass instead of bucket by bucket while it runs.",
        };
        var limit = NumberOption.OptionalInteger("--limit", 1, int.MaxValue, "Train on the first N training images (and at most N test images): for quick checks and tests.");
        limit.Hidden = true;
        var command = new Command("train", "Train a model, writing sample grids, metrics, a loss curve and a checkpoint every epoch. " +
            "Model options follow as --name value (e.g. 'train vae --latent 2'). Ctrl-C saves a checkpoint and exits with code 130.")
        {
            model, data, device, epochs, batch, lr, seed, output, resume, overwrite, classes, samples, checkFinite, judge, dataParallel, noOverlap, limit,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result => TrainRun.Execute(new TrainSettings(
            result.GetValue(model)!, result.GetValue(data)!, result.GetValue(device)!, result.GetValue(epochs),
            result.GetValue(batch), result.GetValue(lr), result.GetValue(seed), result.GetValue(output), result.GetValue(resume),
            result.GetValue(overwrite), result.GetValue(classes), result.GetValue(samples), result.GetValue(checkFinite), result.GetValue(judge), result.GetValue(limit), result.UnmatchedTokens,
            result.GetValue(dataParallel), !result.GetValue(noOverlap))));
        return command;
    }
}

/// <summary>What the train command line asked for.</summary>
internal sealed record TrainSettings(string Model, string Data, string Device, int Epochs, int? Batch, float? LearningRate, ulong? Seed,
    string? Out, bool Resume, bool Overwrite, int? Classes, int Samples, bool CheckFinite, string? Judge, int? Limit, IReadOnlyList<string> ModelTokens,
    bool DataParallel = false, bool Overlap = true)
{
    /// <summary>
    /// The model options given: the model's own plus --batch, --lr and --seed under the registry's names. They are
    /// validated here so that a value out of range is named as typed (<c>--batch 0</c>, not <c>--batch-size 0</c>).
    /// </summary>
    public Dictionary<string, string> ModelOptions(ModelRegistry.Entry entry)
    {
        var values = ModelOptionTokens.Parse(ModelTokens, entry);
        var typedAs = new Dictionary<string, string>(StringComparer.Ordinal);
        void Common(string option, string name, string? value)
        {
            if (value is null) return;
            if (values.ContainsKey(name)) throw new ArgumentException($"Both --{option} and --{name} are given; they are the same option.");
            values[name] = value;
            typedAs["--" + name] = "--" + option;
        }
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Common("batch", ModelRegistry.Kebab(nameof(Models.ModelOptions.BatchSize)), Batch?.ToString(inv));
        Common("lr", ModelRegistry.Kebab(nameof(Models.ModelOptions.LearningRate)), LearningRate?.ToString("R", inv));
        Common("seed", ModelRegistry.Kebab(nameof(Models.ModelOptions.Seed)), Seed?.ToString(inv));
        try
        {
            ModelRegistry.ParseOptions(entry, values);
        }
        catch (OptionRangeException e) when (typedAs.TryGetValue(e.Option, out var typed))
        {
            throw new ArgumentException(e.CommandLineMessage(typed), e);
        }
        return values;
    }
}
