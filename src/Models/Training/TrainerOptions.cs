namespace KernelGen.Models.Training;

/// <summary>How a <see cref="Trainer"/> runs.</summary>
public sealed record TrainerOptions
{
    /// <summary>Epochs to train in total (a resumed run continues up to this count).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Where images, metrics and checkpoints go; nothing is written when null.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Continue from the checkpoint in <see cref="OutputDirectory"/>, if there is one.</summary>
    public bool Resume { get; init; }

    /// <summary>Batches between progress reports (each report reads the losses from the device).</summary>
    public int ReportEvery { get; init; } = 25;

    /// <summary>Images in each epoch's sample and reconstruction grids; 0 writes no grids.</summary>
    public int GridImages { get; init; } = DefaultGridImages;

    /// <summary>The default of <see cref="GridImages"/>.</summary>
    public const int DefaultGridImages = 64;

    /// <summary>Seed of the fixed noise the sample grids are drawn from.</summary>
    public ulong SampleSeed { get; init; } = 7;

    /// <summary>
    /// Held-out metrics beyond the model's own evaluation (e.g. a GAN's judged class coverage, <see cref="Gans.GanMonitor"/>),
    /// computed after it each epoch and recorded with it.
    /// </summary>
    public Func<IReadOnlyDictionary<string, double>>? EpochMetrics { get; init; }

    /// <summary>The checkpoint file name inside <see cref="OutputDirectory"/>.</summary>
    public const string CheckpointFile = "checkpoint.safetensors";
}

/// <summary>Progress within an epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="ImagesPerSecond">Training throughput since the epoch started.</param>
/// <param name="Losses">Mean losses so far in this epoch.</param>
public sealed record BatchProgress(int Epoch, int Batch, int Batches, double ImagesPerSecond, IReadOnlyDictionary<string, float> Losses);

/// <summary>Progress of an epoch's outputs after its training (a slow sampler's grid).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="What">What is being made, e.g. "64 samples".</param>
/// <param name="Fraction">Fraction done, 0 to 1.</param>
public sealed record OutputProgress(int Epoch, string What, double Fraction);

/// <summary>What an epoch produced.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLosses">Mean training losses of the epoch.</param>
/// <param name="Test">Held-out metrics.</param>
/// <param name="Seconds">Wall time of the epoch's training (evaluation excluded).</param>
/// <param name="ImagesPerSecond">Training throughput.</param>
/// <param name="Files">Files written (images, checkpoint).</param>
/// <param name="OutputsSeconds">Wall time of evaluation and the sample/reconstruction grids after training.</param>
public sealed record EpochReport(int Epoch, IReadOnlyDictionary<string, float> TrainLosses, IReadOnlyDictionary<string, double> Test,
    double Seconds, double ImagesPerSecond, IReadOnlyList<string> Files, double OutputsSeconds = 0);

/// <summary>How a run ended.</summary>
/// <param name="EpochsCompleted">Epochs complete when it stopped.</param>
/// <param name="Interrupted">Whether it stopped early (cancellation); the checkpoint then holds the batch position.</param>
/// <param name="Reports">Reports of the epochs run in this call.</param>
public sealed record TrainResult(int EpochsCompleted, bool Interrupted, IReadOnlyList<EpochReport> Reports);
