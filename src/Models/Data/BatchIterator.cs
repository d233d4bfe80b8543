namespace KernelGen.Models.Data;

/// <summary>Deals a dataset out in mini-batches, shuffled by a permutation that depends only on (seed, epoch):
/// a run resumed at the same <see cref="Epoch"/> and <see cref="Batch"/> (see <see cref="Seek"/>) sees exactly
/// the batches it would have seen. Batches are copied into buffers the caller owns; nothing is allocated per
/// batch.</summary>
/// <example><code>
/// var batches = new BatchIterator(data.Train, batchSize: 64, seed: 1);
/// var x = new float[64 * data.Train.PixelsPerImage]; var y = new int[64];
/// for (int epoch = 0; epoch &lt; 10; epoch++)
///     while (batches.TryNext(x, y, out int n)) { /* train on the first n rows */ }
/// </code></example>
public sealed class BatchIterator
{
    readonly Dataset _data;
    readonly int[] _order;
    int _orderEpoch = -1;
    int _lastStart, _lastCount;

    /// <summary>Creates an iterator positioned at epoch 0, batch 0.</summary>
    /// <param name="data">The dataset.</param>
    /// <param name="batchSize">Examples per batch.</param>
    /// <param name="seed">Seed of the shuffles (and of dynamic binarization).</param>
    /// <param name="shuffle">False: dataset order every epoch.</param>
    /// <param name="dropLast">True: a final batch smaller than <paramref name="batchSize"/> is skipped, so every
    /// batch is full (what a graph of fixed batch size needs).</param>
    /// <param name="binarization">How pixels are binarized on the way out.</param>
    public BatchIterator(Dataset data, int batchSize, ulong seed, bool shuffle = true, bool dropLast = true,
        Binarization binarization = Binarization.None)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (dropLast && batchSize > data.Count)
            throw new ArgumentException(
                $"Batch size {batchSize} exceeds the {data.Count} examples of '{data.Name}', so dropping the last partial batch leaves none.",
                nameof(batchSize));
        if (!Enum.IsDefined(binarization)) throw new ArgumentOutOfRangeException(nameof(binarization), binarization, null);
        _data = data;
        _order = new int[data.Count];
        BatchSize = batchSize;
        Seed = seed;
        Shuffle = shuffle;
        DropLast = dropLast;
        Binarization = binarization;
        BatchesPerEpoch = dropLast ? data.Count / batchSize : (data.Count + batchSize - 1) / batchSize;
    }

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>Whether epochs are shuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a final partial batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>The binarization applied to pixels.</summary>
    public Binarization Binarization { get; }

    /// <summary>Batches in one epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>Epoch of the next batch.</summary>
    public int Epoch { get; private set; }

    /// <summary>Index within <see cref="Epoch"/> of the next batch.</summary>
    public int Batch { get; private set; }

    /// <summary>Dataset indices of the examples in the batch last returned by <see cref="TryNext"/>.</summary>
    public ReadOnlySpan<int> LastBatchIndices => _order.AsSpan(_lastStart, _lastCount);

    /// <summary>Moves to batch <paramref name="batch"/> of epoch <paramref name="epoch"/> (to resume a run).</summary>
    public void Seek(int epoch, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, BatchesPerEpoch);
        Epoch = epoch;
        Batch = batch;
        _lastCount = 0;
    }

    /// <summary>Copies the next batch into <paramref name="images"/> (row-major, one image per row) and
    /// <paramref name="labels"/> (may be empty to skip labels). At the end of an epoch returns false with
    /// <paramref name="count"/> 0 and moves to batch 0 of the next epoch.</summary>
    /// <param name="images">At least <c>BatchSize · PixelsPerImage</c> floats; rows past <paramref name="count"/>
    /// are left as they were.</param>
    /// <param name="labels">At least <see cref="BatchSize"/> ints, or empty.</param>
    /// <param name="count">Examples written: <see cref="BatchSize"/>, or fewer for a final partial batch.</param>
    public bool TryNext(Span<float> images, Span<int> labels, out int count)
    {
        int pixels = _data.PixelsPerImage;
        if (images.Length < BatchSize * pixels)
            throw new ArgumentException($"The image buffer holds {images.Length} floats; a batch of {BatchSize} × {pixels} needs {BatchSize * pixels}.", nameof(images));
        if (labels.Length != 0 && labels.Length < BatchSize)
            throw new ArgumentException($"The label buffer holds {labels.Length} ints; a batch needs {BatchSize} (or pass an empty span).", nameof(labels));
        if (Batch >= BatchesPerEpoch)
        {
            Epoch++;
            Batch = 0;
            _lastCount = 0;
            count = 0;
            return false;
        }
        PrepareOrder();
        int start = Batch * BatchSize;
        count = Math.Min(BatchSize, _data.Count - start);
        for (int i = 0; i < count; i++)
        {
            int example = _order[start + i];
            var source = _data.Images.AsSpan(example * pixels, pixels);
            var target = images.Slice(i * pixels, pixels);
            switch (Binarization)
            {
                case Binarization.Fixed: Binarizer.Fixed(source, target); break;
                case Binarization.Dynamic: Binarizer.Dynamic(source, target, Seed, Epoch, example); break;
                default: source.CopyTo(target); break;
            }
            if (labels.Length != 0) labels[i] = _data.Labels[example];
        }
        _lastStart = start;
        _lastCount = count;
        Batch++;
        return true;
    }

    /// <summary>
    /// Sampling weights of an epoch (one per example, finite, not negative, not all zero), asked for when the epoch's
    /// order is first needed; null, or null returned, shuffles as usual. With weights the epoch's examples are drawn
    /// with replacement in proportion to them, seeded by the seed and the epoch (a debiasing model's resampling).
    /// </summary>
    public Func<int, double[]?>? EpochWeights { get; set; }

    void PrepareOrder()
    {
        if (_orderEpoch == Epoch) return;
        if (EpochWeights?.Invoke(Epoch) is { } weights)
        {
            DrawWeighted(weights);
            _orderEpoch = Epoch;
            return;
        }
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        if (Shuffle)
        {
            var random = new SplitMix64(SplitMix64.Derive(Seed, Epoch));
            for (int i = _order.Length - 1; i > 0; i--)
            {
                int j = random.NextInt(i + 1);
                (_order[i], _order[j]) = (_order[j], _order[i]);
            }
        }
        _orderEpoch = Epoch;
    }

    void DrawWeighted(double[] weights)
    {
        if (weights.Length != _order.Length)
            throw new ArgumentException($"Epoch {Epoch}'s sampling weights number {weights.Length}; '{_data.Name}' has {_order.Length} examples.");
        var cumulative = new double[weights.Length];
        double total = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (!(weights[i] >= 0) || !double.IsFinite(weights[i]))
                throw new ArgumentException($"Epoch {Epoch}'s sampling weight of example {i} is {weights[i]}; weights must be finite and not negative.");
            cumulative[i] = total += weights[i];
        }
        if (!(total > 0)) throw new ArgumentException($"Epoch {Epoch}'s sampling weights are all zero.");
        var random = new SplitMix64(SplitMix64.Derive(Seed, Epoch, 1));
        for (int i = 0; i < _order.Length; i++)
        {
            double u = (random.NextUInt64() >> 11) * (1.0 / (1UL << 53)) * total;
            int k = Array.BinarySearch(cumulative, u);
            k = k >= 0 ? k + 1 : ~k; // the first example whose cumulative weight exceeds u
            _order[i] = Math.Min(k, _order.Length - 1);
        }
    }
}
