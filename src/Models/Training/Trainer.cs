using System.Diagnostics;
using System.Globalization;
using KernelGen.Models.Data;

namespace KernelGen.Models.Training;

/// <summary>
/// Trains a built model epoch by epoch: seeded shuffled batches, a progress report every few batches (the only
/// reads during an epoch), then evaluation on the test split, sample/reconstruction grids, a metrics line and an
/// atomic checkpoint. Cancelling stops after the current batch and checkpoints the exact position, so
/// <see cref="TrainerOptions.Resume"/> continues to the same result as an uninterrupted run.
/// </summary>
public sealed class Trainer
{
    private readonly GenerativeModel _model;
    private readonly DataSplits _data;
    private readonly TrainerOptions _options;
    private readonly EpochOutputs? _outputs;

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
        (_model, _data, _options) = (model, data, options);
        if (options.OutputDirectory is { } dir)
        {
            _outputs = new EpochOutputs(dir, options.GridImages, options.SampleSeed);
            _outputs.EnsureWritable();
        }
    }

    /// <summary>Raised every <see cref="TrainerOptions.ReportEvery"/> batches.</summary>
    public event Action<BatchProgress>? Progress;

    /// <summary>Raised after each epoch's evaluation and outputs.</summary>
    public event Action<EpochReport>? EpochCompleted;

    /// <summary>The checkpoint path, if outputs are written.</summary>
    public string? CheckpointPath => _outputs is null ? null : Path.Combine(_outputs.Directory, TrainerOptions.CheckpointFile);

    /// <summary>Trains until <see cref="TrainerOptions.Epochs"/> are complete or <paramref name="cancel"/> fires.</summary>
    public TrainResult Run(CancellationToken cancel = default)
    {
        int batch = _model.Options.BatchSize;
        var iterator = new BatchIterator(_data.Train, batch, _model.Options.Seed, shuffle: true, dropLast: true, _model.Binarization);
        int startEpoch = 0, startBatch = 0;
        if (_options.Resume && CheckpointPath is { } ckpt && File.Exists(ckpt))
        {
            var meta = _model.Load(ckpt);
            startEpoch = int.Parse(meta.GetValueOrDefault("epoch", "0"), CultureInfo.InvariantCulture);
            startBatch = int.Parse(meta.GetValueOrDefault("batch", "0"), CultureInfo.InvariantCulture);
        }
        iterator.Seek(startEpoch, startBatch);
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
                _model.TrainStep(images, labels);
                done++;
                if (cancel.IsCancellationRequested)
                {
                    Checkpoint(epoch, iterator.Batch);
                    return new TrainResult(epoch, true, reports);
                }
                if (Progress is { } progress && iterator.Batch % _options.ReportEvery == 0)
                    progress(new BatchProgress(epoch + 1, iterator.Batch, iterator.BatchesPerEpoch, done * batch / clock.Elapsed.TotalSeconds, _model.ReadLosses()));
            }
            var losses = _model.ReadLosses();
            double seconds = clock.Elapsed.TotalSeconds;
            var test = _model.Evaluate(_data.Test);
            var files = _outputs?.WriteImages(_model, _data.Test, epoch + 1) ?? [];
            var report = new EpochReport(epoch + 1, losses, test, seconds, done * batch / seconds, files);
            _outputs?.AppendMetrics(report);
            if (CheckpointPath is { } path)
            {
                Checkpoint(epoch + 1, 0);
                files.Add(path);
            }
            reports.Add(report);
            EpochCompleted?.Invoke(report);
            if (cancel.IsCancellationRequested) return new TrainResult(epoch + 1, epoch + 1 < _options.Epochs, reports);
        }
        return new TrainResult(_options.Epochs, false, reports);
    }

    private void Checkpoint(int epoch, int batch)
    {
        if (CheckpointPath is not { } path) return;
        _model.Save(path, new Dictionary<string, string>
        {
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["batch"] = batch.ToString(CultureInfo.InvariantCulture),
            ["data"] = _data.Train.Name,
        });
    }
}
