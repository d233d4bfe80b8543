namespace KernelGen.Models.Training;

/// <summary>
/// Training stopped because it diverged: a training loss became NaN or ±∞, a parameter did, or the graph's finite
/// check (<see cref="Graph.CompileOptions.CheckFinite"/>) caught a node producing one. Nothing of the diverged state
/// was saved: the checkpoint on disk, if any, is the last good one (<see cref="LastCheckpointEpoch"/>).
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception; the message is built from the parts.</summary>
    public TrainingDivergedException(int epoch, int batch, int batches, string what, string? firstNonFinite, int? lastCheckpointEpoch)
        : base($"Training diverged in epoch {epoch} at step {batch} of {batches}: {what}" +
            (firstNonFinite is null ? "" : $"; first non-finite: {firstNonFinite}") + ".")
    {
        (Epoch, Batch, FirstNonFinite, LastCheckpointEpoch) = (epoch, batch, firstNonFinite, lastCheckpointEpoch);
    }

    /// <summary>1-based epoch in which it was found.</summary>
    public int Epoch { get; }

    /// <summary>Steps done in that epoch when it was found (losses are read every few steps, so it went wrong at or before this step).</summary>
    public int Batch { get; }

    /// <summary>Where NaN or ±∞ first appears (a parameter, or a node and its output), when found.</summary>
    public string? FirstNonFinite { get; }

    /// <summary>Epochs complete in the checkpoint kept on disk; null when this run has none.</summary>
    public int? LastCheckpointEpoch { get; }
}
