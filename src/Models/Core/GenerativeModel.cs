using System.Globalization;
using System.Text.Json;
using KernelGen.Graph;
using KernelGen.Graph.Checkpoints;
using KernelGen.Kernels;
using KernelGen.Models.Data;

namespace KernelGen.Models;

/// <summary>
/// A trainable model: it declares its graphs on <see cref="Build(Accelerator, int, int, int)"/>, trains one batch per <see cref="TrainStep"/>
/// (enqueued, never waiting), accumulates its named losses on the device, evaluates on held-out data, and saves
/// and restores everything a resumed run needs. Capabilities (sampling, reconstruction, latent space,
/// likelihood) are the interfaces in Capabilities.cs.
/// </summary>
public abstract partial class GenerativeModel : IDisposable
{
    private readonly List<CompiledGraph> _graphs = new();
    private MemoryBuffer<float>? _lossSums;
    private int _lossSteps;

    /// <summary>Validates and keeps the options.</summary>
    protected GenerativeModel(ModelOptions options)
    {
        options.Validate();
        Options = options;
    }

    /// <summary>The hyper-parameters.</summary>
    public ModelOptions Options { get; }

    /// <summary>The registry name, e.g. <c>vae</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>Names of the losses a training step reports, e.g. <c>loss, bce, kl</c>.</summary>
    public abstract IReadOnlyList<string> LossNames { get; }

    /// <summary>How training batches are binarized (likelihood models binarize).</summary>
    public virtual Binarization Binarization => Binarization.None;

    /// <summary>Whether training needs class labels.</summary>
    public virtual bool UsesLabels => false;

    /// <summary>Image rows, set by <see cref="Build(Accelerator, int, int, int)"/>.</summary>
    public int Rows { get; private set; }

    /// <summary>Image columns, set by <see cref="Build(Accelerator, int, int, int)"/>.</summary>
    public int Cols { get; private set; }

    /// <summary>Number of classes of the data, set by <see cref="Build(Accelerator, int, int, int)"/>.</summary>
    public int Classes { get; private set; }

    /// <summary>Pixels per image.</summary>
    public int Pixels => Rows * Cols;

    /// <summary>The accelerator, once built.</summary>
    public Accelerator Accelerator => Store.Accelerator;

    /// <summary>The parameters, once built.</summary>
    public ParameterStore Store => _graphs.Count > 0 ? _graphs[0].Store : throw new InvalidOperationException($"Model '{Kind}' is not built yet; call Build first.");

    /// <summary>Whether <see cref="Build(Accelerator, int, int, int)"/> ran.</summary>
    public bool IsBuilt => _graphs.Count > 0;

    /// <summary>Training steps taken.</summary>
    public int Steps { get; protected set; }

    /// <summary>The compiled graphs (the first owns the parameter store).</summary>
    protected IReadOnlyList<CompiledGraph> Graphs => _graphs;

    /// <summary>The compiled graphs, for inspection (e.g. <see cref="ModelSummary"/>); empty until built.</summary>
    public IReadOnlyList<CompiledGraph> CompiledGraphs => _graphs;

    /// <summary>
    /// Set before <see cref="Build(Accelerator, int, int, int)"/>: after each forward node, check its outputs for NaN
    /// or ±∞ and name the first node that produced one (<see cref="CompileOptions.CheckFinite"/>; slower, for
    /// finding where a diverging run goes wrong).
    /// </summary>
    public bool CheckFinite { get; set; }

    /// <summary>
    /// Set before <see cref="Build(Accelerator, int, int, int)"/>: capture each graph's training step once and replay it
    /// (<see cref="CompileOptions.CaptureSteps"/>: CUDA Graphs, pre-bound kernels on OpenCL; the CPU runs uncaptured).
    /// </summary>
    public bool CaptureSteps { get; set; }

    /// <summary>How the model's graphs are compiled: its seed, the finite check and step capture when asked for.</summary>
    protected CompileOptions CompileOptions => new() { Seed = Options.Seed, CheckFinite = CheckFinite, CaptureSteps = CaptureSteps };

    /// <summary>
    /// The ranks of the data-parallel run this model is one replica of (set by <see cref="UseDataParallel"/>), or null
    /// when it trains alone.
    /// </summary>
    public Communicator? Replicas { get; private set; }

    private GradientExchange? _exchange;

    /// <summary>
    /// Images of one training step on this replica: <see cref="ModelOptions.BatchSize"/> (the global batch) divided
    /// by the number of ranks. The training graphs are declared for it.
    /// </summary>
    public int LocalBatch => Options.BatchSize / (Replicas?.Size ?? 1);

    /// <summary>
    /// Before <see cref="Build(Accelerator, int, int, int)"/>: makes this model one replica of a data-parallel run.
    /// Each rank trains on its <see cref="LocalBatch"/> of every global batch (<see cref="Training.Trainer"/> hands it
    /// its shard), <paramref name="exchange"/> averages the gradients over the ranks before every update (a GAN's
    /// discriminator and generator steps each), the random streams of the training graphs draw each rank's part of
    /// what one process would draw for the whole batch, and <see cref="ReadLosses"/> averages over the ranks.
    /// BatchNorm normalizes with each rank's own batch statistics (as PyTorch's DDP does without SyncBatchNorm).
    /// </summary>
    /// <exception cref="ArgumentException">The global batch does not split evenly over the ranks.</exception>
    public void UseDataParallel(Communicator replicas, GradientExchange exchange)
    {
        if (IsBuilt) throw new InvalidOperationException($"Model '{Kind}' is already built; make it data-parallel before Build.");
        if (Options.BatchSize % replicas.Size != 0)
            throw new ArgumentException($"The global batch of {Options.BatchSize} images does not split evenly over {replicas.Size} ranks; pass a batch that is a multiple of {replicas.Size} " +
                $"(e.g. --batch {Math.Max(1, Options.BatchSize / replicas.Size) * replicas.Size}).", nameof(replicas));
        CheckLocalBatch(Options.BatchSize / replicas.Size);
        (Replicas, _exchange) = (replicas, exchange);
    }

    /// <summary>Throws if a rank's share of the batch cannot train this model (e.g. a GAN's packs must fit in it).</summary>
    protected virtual void CheckLocalBatch(int localBatch) { }

    /// <summary>Declares and compiles the model for images of rows × cols with <paramref name="classes"/> classes.</summary>
    public void Build(Accelerator accelerator, int rows, int cols, int classes)
    {
        if (IsBuilt) throw new InvalidOperationException($"Model '{Kind}' is already built.");
        if (rows < 1 || cols < 1) throw new ArgumentException($"Image size {rows}×{cols} is not valid.");
        (Rows, Cols, Classes) = (rows, cols, classes);
        CheckImageSize(rows, cols);
        foreach (var g in BuildGraphs(accelerator)) _graphs.Add(g);
        _lossSums = accelerator.Allocate<float>(LossNames.Count, $"{Kind}.loss-sums");
        _lossSums.Zero();
        if (Replicas is not { } replicas) return;
        // The graphs that train: their draws are split over the ranks as the batch is, and their gradients averaged.
        foreach (var g in _graphs.Where(g => g.Graph.Loss is not null && g.Training))
        {
            g.Exchange = _exchange;
            g.Random.Shard(replicas.Rank, replicas.Size);
        }
    }

    /// <summary>Builds for the image format of <paramref name="data"/>.</summary>
    public void Build(Accelerator accelerator, Dataset data) => Build(accelerator, data.Rows, data.Cols, data.Classes);

    /// <summary>Throws if the model cannot take images of this size (e.g. a convolutional stack that needs 28×28).</summary>
    protected virtual void CheckImageSize(int rows, int cols) { }

    /// <summary>Declares and compiles the graphs and sets the optimizers; the first graph owns the parameters.</summary>
    protected abstract IReadOnlyList<CompiledGraph> BuildGraphs(Accelerator accelerator);

    /// <summary>
    /// Compiles <paramref name="graphs"/> over one parameter store with the model's seed and gives every parameter
    /// group Adam at the model's learning rate: the setup of every model trained by one loss.
    /// </summary>
    protected IReadOnlyList<CompiledGraph> CompileWithAdam(Accelerator accelerator, params GraphBuilder[] graphs)
    {
        var compiled = Compiler.Compile(accelerator, CompileOptions, graphs);
        foreach (var group in compiled[0].Store.Groups) group.UseOptimizer(new Adam(Options.LearningRate));
        return compiled;
    }

    /// <summary>Compiles more graphs later (e.g. for an evaluation batch size) against the model's parameters.</summary>
    protected CompiledGraph CompileExtra(GraphBuilder graph)
    {
        var compiled = Compiler.CompileWith(Store, CompileOptions, graph)[0];
        _graphs.Add(compiled);
        return compiled;
    }

    /// <summary>Enqueues one training step on a batch of <see cref="LocalBatch"/> images (and labels): <see cref="ModelOptions.BatchSize"/> unless data-parallel.</summary>
    public void TrainStep(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        if (!IsBuilt) throw new InvalidOperationException($"Model '{Kind}' is not built yet; call Build first.");
        int batch = LocalBatch;
        if (images.Length != batch * Pixels)
            throw new ArgumentException($"Model '{Kind}' trains on batches of {batch} images{(Replicas is { } r ? $" per rank ({Options.BatchSize} over {r.Size} ranks)" : "")} of {Rows}×{Cols} ({batch * Pixels} values), got {images.Length} values.", nameof(images));
        if (UsesLabels && labels.Length != batch)
            throw new ArgumentException($"Model '{Kind}' needs {batch} labels per batch, got {labels.Length}.", nameof(labels));
        TrainStepCore(images, labels);
        Steps++;
        _lossSteps++;
    }

    /// <summary>Enqueues the step; ends by calling <see cref="AccumulateLosses(CompiledGraph, ReadOnlySpan{Tensor})"/>.</summary>
    protected abstract void TrainStepCore(ReadOnlySpan<float> images, ReadOnlySpan<int> labels);

    /// <summary>Adds this step's named losses (scalars of <paramref name="graph"/>, in <see cref="LossNames"/> order) to the device sums.</summary>
    protected void AccumulateLosses(CompiledGraph graph, params ReadOnlySpan<Tensor> losses)
    {
        ReadOnlySpan<int> inOrder = [0, 1, 2, 3, 4, 5, 6, 7];
        AccumulateLosses(graph, inOrder[..Math.Min(inOrder.Length, losses.Length)], losses);
    }

    /// <summary>Adds this step's scalars <paramref name="losses"/> of <paramref name="graph"/> to the device sums at <paramref name="indices"/> of <see cref="LossNames"/>.</summary>
    protected void AccumulateLosses(CompiledGraph graph, ReadOnlySpan<int> indices, ReadOnlySpan<Tensor> losses)
    {
        if (losses.Length > LossNames.Count) throw new ArgumentOutOfRangeException(nameof(losses), $"Model '{Kind}' has {LossNames.Count} named losses, not {losses.Length}.");
        if (indices.Length != losses.Length) throw new ArgumentException($"{indices.Length} loss indices for {losses.Length} losses.", nameof(indices));
        // One launch when the losses lie in one buffer (the graph's activations), as they do unless a caller passes others.
        var first = graph.View(losses[0]);
        Span<int> offsets = stackalloc int[ScalarOffsets.Capacity];
        bool oneBuffer = losses.Length <= offsets.Length;
        for (int i = 0; oneBuffer && i < losses.Length; i++)
        {
            var view = graph.View(losses[i]);
            oneBuffer = view.Buffer == first.Buffer && view.Length == 1;
            if (oneBuffer) offsets[i] = view.Offset;
        }
        if (oneBuffer)
            Elementwise.AccumulateScalars(graph.Context.Stream, ((MemoryBuffer<float>)first.Buffer!).View, ScalarOffsets.Of(offsets[..losses.Length], indices),
                _lossSums!.View);
        else for (int i = 0; i < losses.Length; i++) AccumulateLoss(graph, indices[i], losses[i]);
    }

    /// <summary>
    /// Adds <paramref name="weight"/> × the scalar <paramref name="loss"/> of <paramref name="graph"/> to the device sum of
    /// the named loss at <paramref name="index"/> of <see cref="LossNames"/>: for losses computed by another graph, or
    /// only every few steps (weighted by that period so the mean over the window stays per computation).
    /// </summary>
    protected void AccumulateLoss(CompiledGraph graph, int index, Tensor loss, float weight = 1f)
    {
        if ((uint)index >= (uint)LossNames.Count) throw new ArgumentOutOfRangeException(nameof(index), $"Model '{Kind}' has {LossNames.Count} named losses, not an index {index}.");
        Elementwise.Axpy(graph.Context.Stream, weight, graph.View(loss), _lossSums!.View.SubView(index, 1));
    }

    /// <summary>
    /// Adds <paramref name="weight"/> × ‖∇‖₂ of the parameter group <paramref name="group"/> after the last step of
    /// <paramref name="graph"/> to the device sum of the named loss at <paramref name="index"/> (e.g. a GAN player's gradient norm).
    /// </summary>
    protected void AccumulateGradientNorm(CompiledGraph graph, string group, int index, float weight = 1f)
    {
        if ((uint)index >= (uint)LossNames.Count) throw new ArgumentOutOfRangeException(nameof(index), $"Model '{Kind}' has {LossNames.Count} named losses, not an index {index}.");
        graph.AddGradientNorm(group, _lossSums!.View.SubView(index, 1), weight);
    }

    /// <summary>
    /// Mean of each named loss over the steps since <see cref="ResetLosses"/> (waits for the device). Data-parallel,
    /// it is a collective: the sums become their mean over the ranks on every rank (so a checkpoint saved after it
    /// holds what one process would have summed, whatever the number of ranks that resumes it).
    /// </summary>
    public IReadOnlyDictionary<string, float> ReadLosses()
    {
        var sums = _lossSums!.ToArray();
        foreach (var g in _graphs) g.CheckResults();
        if (Replicas is { Size: > 1 } replicas)
        {
            replicas.AllReduceSum(sums);
            for (int i = 0; i < sums.Length; i++) sums[i] /= replicas.Size;
            _lossSums.CopyFromHost(sums);
        }
        return LossNames.Select((n, i) => (n, v: _lossSteps == 0 ? float.NaN : sums[i] / _lossSteps)).ToDictionary(p => p.n, p => p.v);
    }

    /// <summary>Starts a new averaging window (e.g. an epoch).</summary>
    public void ResetLosses()
    {
        _lossSums!.Zero();
        _lossSteps = 0;
    }

    /// <summary>
    /// Where the time of a training step goes, per graph that trains (after at least one <see cref="TrainStep"/>, so
    /// the inputs are set): <see cref="CompiledGraph.Profile"/> of each.
    /// </summary>
    public IReadOnlyList<(string Graph, StepProfile Profile)> ProfileTrainStep(int steps = 10) =>
        _graphs.Where(g => g.Graph.Loss is not null && g.Training && !g.Graph.Name.Contains("eval", StringComparison.Ordinal))
            .Select(g => (g.Graph.Name, g.Profile(steps))).ToList();

    /// <summary>
    /// After a loss went non-finite: the first parameter holding NaN or ±∞, else the first node of a training graph
    /// producing one on the last batch (<see cref="CompiledGraph.FindNonFinite"/>); null when none is found.
    /// </summary>
    public string? FindNonFinite()
    {
        foreach (var g in _graphs.Where(g => g.Training && g.Graph.Loss is not null))
            if (g.FindNonFinite() is { } where) return where;
        return null;
    }

    /// <summary>Held-out metrics, e.g. <c>test_loss</c>.</summary>
    public abstract IReadOnlyDictionary<string, double> Evaluate(Dataset test);

    /// <summary>The options as JSON (stored in checkpoints).</summary>
    public string OptionsJson => JsonSerializer.Serialize(Options, Options.GetType());

    /// <summary>
    /// Saves parameters, optimizer state, step counters, random-stream positions and loss sums atomically, with
    /// <paramref name="metadata"/> (e.g. the epoch and batch position of a trainer).
    /// </summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            ["model"] = Kind,
            ["options"] = OptionsJson,
            ["image"] = $"{Rows}x{Cols}x{Classes}",
            ["model_steps"] = Steps.ToString(CultureInfo.InvariantCulture),
            ["loss_steps"] = _lossSteps.ToString(CultureInfo.InvariantCulture),
            ["loss_sums"] = string.Join(",", _lossSums!.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
        };
        foreach (var g in _graphs)
        {
            meta[$"graph:{g.Graph.Name}:rng"] = g.Random.Position.ToString(CultureInfo.InvariantCulture);
            meta[$"graph:{g.Graph.Name}:steps"] = g.Steps.ToString(CultureInfo.InvariantCulture);
        }
        Checkpoint.Save(path, _graphs[0], meta);
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="Save"/>; returns its metadata. A checkpoint of another model
    /// kind or image format is refused before anything changes.
    /// </summary>
    public IReadOnlyDictionary<string, string> Load(string path)
    {
        var (_, metadata) = SafeTensors.Read(path);
        if (!metadata.TryGetValue("model", out var kind) || kind != Kind)
            throw new InvalidDataException($"Checkpoint '{path}' holds a '{kind ?? "(unknown)"}' model, not '{Kind}'.");
        if (metadata.TryGetValue("image", out var image) && image != $"{Rows}x{Cols}x{Classes}")
            throw new InvalidDataException($"Checkpoint '{path}' was trained on images {image} (rows x cols x classes), but this model is built for {Rows}x{Cols}x{Classes}.");
        // Every field is read before anything changes, so a bad one leaves the model as it was.
        var streams = _graphs.Select(g => (Offset: CheckpointFields.UInt(metadata, $"graph:{g.Graph.Name}:rng", path, g.Random.Position),
            Steps: CheckpointFields.Int(metadata, $"graph:{g.Graph.Name}:steps", path, g.Steps))).ToList();
        int steps = CheckpointFields.Int(metadata, "model_steps", path), lossSteps = CheckpointFields.Int(metadata, "loss_steps", path);
        var sums = CheckpointFields.Floats(metadata, "loss_sums", path);
        Checkpoint.Load(path, _graphs[0]);
        for (int i = 0; i < _graphs.Count; i++) (_graphs[i].Random.Position, _graphs[i].Steps) = streams[i];
        (Steps, _lossSteps) = (steps, lossSteps);
        if (sums.Length == LossNames.Count) _lossSums!.CopyFromHost(sums);
        return metadata;
    }

    /// <summary>Releases the graphs and parameters.</summary>
    public void Dispose()
    {
        foreach (var g in Enumerable.Reverse(_graphs)) g.Dispose();
        _graphs.Clear();
        _lossSums?.Dispose();
        GC.SuppressFinalize(this);
    }
}
