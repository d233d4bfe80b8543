using System.Diagnostics;
using System.Globalization;
using KernelGen.Graph;
using KernelGen.Models.Data;

namespace KernelGen.Models.Training;

/// <summary>
/// Trains a built model epoch by epoch: seeded shuffled batches, a progress report every few batches (the only
/// reads during an epoch), then evaluation on the test split, sample/reconstruction grids, an atomic checkpoint
/// and the metrics files rewritten from the history it carries. Cancelling stops after the current batch (or
/// within one pass of a slow sampler's grid) and checkpoints the exact position, so
/// <see cref="TrainerOptions.Resume"/> continues to the same result as an uninterrupted run. A loss or parameter
/// that goes NaN or ±∞ stops the run with a <see cref="TrainingDivergedException"/> before anything of it is saved.
/// </summary>
public sealed class Trainer
{
    private readonly GenerativeModel _model;
    private readonly DataSplits _data;
    private readonly TrainerOptions _options;
    private readonly EpochOutputs? _outputs;
    private MetricsLog _metrics = new();
    private int? _checkpointEpoch;

    /// <summary>Checks that the data fits the model and the output folder is writable.</summary>
    public Trainer(GenerativeModel model, DataSplits data, TrainerOptions options)
    {
        if (!model.IsBuilt) throw new ArgumentException($"Model '{model.Kind}' must be built before training.", nameof(model));
        foreach (var split in new[] { data.Train, data.Test })
            if (split.Rows != model.Rows || split.Cols != model.Cols)
                throw new ArgumentException($"Dataset '{split.Name}' has {split.Rows}×{split.Cols} images but model '{model.Kind}' was built for {model.Rows}×{model.Cols}.", nameof(data));
        if (data.Train.Count < model.Options.BatchSize)
            throw new ArgumentException($"Dataset '{data.Train.Name}' has {data.Train.Count} images, fewer than one batch of {model.Options.BatchSize}.", nameof(data));
        if (options.Epochs < 1) throw new ArgumentException($"Epochs = {options.Epochs}; at least 1 is needed.", nameof(options));
        if (options.GridImages is < 0 or > 10_000) throw new ArgumentException($"GridImages = {options.GridImages} is out of range; it must be 0 to 10000.", nameof(options));
        CheckGridFits(model, options.GridImages);
        (_model, _data, _options) = (model, data, options);
        // Data-parallel, rank 0 alone writes; every rank resumes from the folder's checkpoint.
        ResumePath = options.OutputDirectory is { } d ? Path.Combine(d, TrainerOptions.CheckpointFile) : null;
        if (options.OutputDirectory is { } dir && model.Replicas is not { Rank: > 0 })
        {
            _outputs = new EpochOutputs(dir, options.GridImages, options.SampleSeed);
            _outputs.EnsureWritable();
        }
    }

    /// <summary>
    /// The grids are drawn after each epoch's training: a grid that cannot be drawn for this model is a
    /// <see cref="SizeLimitException"/> before training, not after an epoch's work.
    /// </summary>
    public static void CheckGridFits(GenerativeModel model, int gridImages)
    {
        HostArrays.Length(gridImages, model.Pixels, "grid images");
        if (model is IDecoder decoder) HostArrays.Length(gridImages, decoder.LatentSize, "grid latent vectors");
    }

    /// <summary>Raised every <see cref="TrainerOptions.ReportEvery"/> batches.</summary>
    public event Action<BatchProgress>? Progress;

    /// <summary>Raised while a slow sampler draws an epoch's grid.</summary>
    public event Action<OutputProgress>? OutputProgress;

    /// <summary>Raised after each epoch's evaluation and outputs.</summary>
    public event Action<EpochReport>? EpochCompleted;

    /// <summary>The checkpoint resumed from (every rank of a data-parallel run reads it).</summary>
    private string? ResumePath { get; }

    /// <summary>The checkpoint path, if outputs are written (data-parallel: on rank 0).</summary>
    public string? CheckpointPath => _outputs is null ? null : Path.Combine(_outputs.Directory, TrainerOptions.CheckpointFile);

    /// <summary>The per-epoch metrics so far (resumed runs include the checkpoint's history).</summary>
    public MetricsLog Metrics => _metrics;

    /// <summary>Trains until <see cref="TrainerOptions.Epochs"/> are complete or <paramref name="cancel"/> fires.</summary>
    /// <exception cref="TrainingDivergedException">A loss or parameter became NaN or ±∞; nothing of that state was saved.</exception>
    /// <exception cref="IOException">A checkpoint, image or metrics file could not be written (the message names it); the files before it are intact.</exception>
    public TrainResult Run(CancellationToken cancel = default)
    {
        var replicas = _model.Replicas;
        int batch = _model.Options.BatchSize, local = _model.LocalBatch, rank = replicas?.Rank ?? 0;
        var iterator = new BatchIterator(_data.Train, batch, _model.Options.Seed, shuffle: true, dropLast: true, _model.Binarization);
        if (_model is IResamplingModel resampling) iterator.EpochWeights = epoch => resampling.EpochSampleWeights(_data.Train, epoch);
        int startEpoch = 0, startBatch = 0;
        if (_options.Resume && ResumePath is { } ckpt && File.Exists(ckpt))
        {
            var meta = _model.Load(ckpt);
            (startEpoch, startBatch) = Position(meta, ckpt, iterator.BatchesPerEpoch);
            _checkpointEpoch = startEpoch;
            if (_outputs is not null)
            {
                _metrics = MetricsLog.Resume(meta, _outputs.Directory, startEpoch, ckpt);
                _outputs.WriteMetrics(_metrics); // a kill between checkpoint and metrics left them behind: catch up
            }
        }
        if (replicas is not null) ReplicaAgreement.Check(replicas, _model, _data.Train, _options, startEpoch, startBatch);
        iterator.Seek(startEpoch, startBatch);
        // The global batch; this rank trains on its shard (all of it alone).
        var images = new float[batch * _model.Pixels];
        var labels = new int[batch];
        var reports = new List<EpochReport>();
        for (int epoch = startEpoch; epoch < _options.Epochs; epoch++)
        {
            if (epoch != startEpoch || startBatch == 0) _model.ResetLosses();
            var clock = Stopwatch.StartNew();
            int done = 0;
            while (iterator.TryNext(images, _model.UsesLabels ? labels : Span<int>.Empty, out _))
            {
                Step(images.AsSpan(rank * local * _model.Pixels, local * _model.Pixels), labels.AsSpan(rank * local, local), epoch, iterator);
                done++;
                bool atReport = iterator.Batch % _options.ReportEvery == 0;
                // Alone, a cancellation is honoured after any batch; data-parallel, the ranks agree on it where they
                // read the losses together, so that every rank stops after the same batch.
                if (replicas is null ? cancel.IsCancellationRequested : atReport && AgreeToStop(replicas, cancel.IsCancellationRequested, failed: false).Stop)
                {
                    CheckFinite(epoch, iterator, _model.ReadLosses());
                    CheckState(epoch, iterator);
                    Checkpoint(epoch, iterator.Batch);
                    return new TrainResult(epoch, true, reports);
                }
                if (atReport && (Progress is not null || replicas is not null))
                {
                    var so = _model.ReadLosses();
                    CheckFinite(epoch, iterator, so);
                    Progress?.Invoke(new BatchProgress(epoch + 1, iterator.Batch, iterator.BatchesPerEpoch, done * batch / clock.Elapsed.TotalSeconds, so));
                }
            }
            var losses = _model.ReadLosses();
            double seconds = clock.Elapsed.TotalSeconds;
            CheckFinite(epoch, iterator, losses);
            if (CheckpointPath is not null || replicas is not null) CheckState(epoch, iterator); // before the grids: nothing of a diverged state is written
            var (report, interrupted) = replicas is null ? EpochOutputs(epoch, losses, seconds, done * batch, cancel) : ReplicaEpochOutputs(replicas, epoch, losses, seconds, done * batch, cancel);
            reports.Add(report);
            EpochCompleted?.Invoke(report);
            if (interrupted) return new TrainResult(epoch + 1, epoch + 1 < _options.Epochs, reports);
        }
        return new TrainResult(_options.Epochs, false, reports);
    }

    /// <summary>
    /// Evaluation, grids, checkpoint and metrics of a finished epoch (where outputs are written); returns its report and
    /// whether the run stops here (cancelled).
    /// </summary>
    private (EpochReport Report, bool Stop) EpochOutputs(int epoch, IReadOnlyDictionary<string, float> losses, double seconds, int images, CancellationToken cancel)
    {
        var outputsClock = Stopwatch.StartNew();
        if (_outputs is null && _model.Replicas is { Rank: > 0 })
            return (new EpochReport(epoch + 1, losses, new Dictionary<string, double>(), seconds, images / seconds, []), cancel.IsCancellationRequested);
        var test = _model.Evaluate(_data.Test);
        if (_options.EpochMetrics is { } extra) test = test.Concat(extra()).ToDictionary();
        List<string> files;
        bool interrupted = false;
        try
        {
            files = _outputs?.WriteImages(_model, _data.Test, epoch + 1, OutputProgress, cancel) ?? [];
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            files = [];
            interrupted = true; // the epoch's training is complete: checkpoint it without its grid
        }
        var report = new EpochReport(epoch + 1, losses, test, seconds, images / seconds, files, outputsClock.Elapsed.TotalSeconds);
        _metrics.Add(MetricsLog.Row(report));
        if (CheckpointPath is { } path)
        {
            Checkpoint(epoch + 1, 0);
            _outputs!.WriteMetrics(_metrics);
            files.Add(path);
        }
        return (report, interrupted || cancel.IsCancellationRequested);
    }

    /// <summary>
    /// Data-parallel: rank 0 alone evaluates and writes the epoch's outputs while the others wait; then the ranks
    /// agree whether to go on (rank 0 failed, or any rank was cancelled, stops them all).
    /// </summary>
    private (EpochReport Report, bool Stop) ReplicaEpochOutputs(Communicator replicas, int epoch, IReadOnlyDictionary<string, float> losses, double seconds, int images, CancellationToken cancel)
    {
        EpochReport report;
        bool stop;
        try
        {
            (report, stop) = EpochOutputs(epoch, losses, seconds, images, cancel);
        }
        catch (Exception) when (replicas.Rank == 0)
        {
            AgreeToStop(replicas, true, failed: true); // tell the others before this rank stops with its own message
            throw;
        }
        var agreed = AgreeToStop(replicas, stop, failed: false);
        if (agreed.Failed)
            throw new ReplicaFailedException($"Rank 0 failed while evaluating or writing the outputs of epoch {epoch + 1} (its message says why); rank {replicas.Rank} stops with it.");
        return (report, agreed.Stop);
    }

    /// <summary>One collective: whether any rank wants to stop, and whether rank 0 failed.</summary>
    private static (bool Stop, bool Failed) AgreeToStop(Communicator replicas, bool stop, bool failed)
    {
        Span<long> flags = [stop ? 1 : 0, failed ? 1 : 0];
        replicas.AllReduceMax(flags);
        return (flags[0] != 0, flags[1] != 0);
    }

    /// <summary>The (epoch, batch) a checkpoint was saved at; out-of-range values name the file and the field.</summary>
    public static (int Epoch, int Batch) Position(IReadOnlyDictionary<string, string> metadata, string path, int batchesPerEpoch) =>
        (CheckpointFields.Int(metadata, "epoch", path), CheckpointFields.Int(metadata, "batch", path, max: batchesPerEpoch));

    private void Step(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, int epoch, BatchIterator iterator)
    {
        try
        {
            _model.TrainStep(images, labels);
        }
        catch (GraphException e) when (e.NonFinite)
        {
            throw new TrainingDivergedException(epoch + 1, iterator.Batch, iterator.BatchesPerEpoch, "the graph's finite check failed", e.Message, _checkpointEpoch);
        }
    }

    /// <summary>Finite losses, then an update that blew up: a parameter or optimizer state that is not finite is never saved.</summary>
    private void CheckState(int epoch, BatchIterator iterator)
    {
        if (_model.Store.FirstNonFinite() is { } bad)
            throw new TrainingDivergedException(epoch + 1, iterator.Batch, iterator.BatchesPerEpoch, "the state is not finite after the last update", bad, _checkpointEpoch);
    }

    /// <summary>Throws <see cref="TrainingDivergedException"/> when a loss is not finite.</summary>
    private void CheckFinite(int epoch, BatchIterator iterator, IReadOnlyDictionary<string, float> losses)
    {
        if (losses.Values.All(float.IsFinite)) return;
        var values = string.Join(", ", losses.Select(l => $"{l.Key} {l.Value.ToString(CultureInfo.InvariantCulture)}"));
        throw new TrainingDivergedException(epoch + 1, iterator.Batch, iterator.BatchesPerEpoch, $"the mean training losses are {values}",
            _model.FindNonFinite(), _checkpointEpoch);
    }

    private void Checkpoint(int epoch, int batch)
    {
        if (CheckpointPath is not { } path) return;
        var meta = new Dictionary<string, string>
        {
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["batch"] = batch.ToString(CultureInfo.InvariantCulture),
            ["data"] = _data.Train.Name,
            [MetricsLog.MetadataKey] = _metrics.ToMetadata(),
        };
        Writing($"the checkpoint of epoch {epoch}{(batch > 0 ? $" step {batch}" : "")} to '{path}'", () => _model.Save(path, meta));
        _checkpointEpoch = epoch;
    }

    /// <summary>Runs a write; an I/O failure becomes one <see cref="IOException"/> saying what was being written.</summary>
    internal static void Writing(string what, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Writing {what} failed: {e.Message} (the files written before are intact).", e);
        }
    }
}
