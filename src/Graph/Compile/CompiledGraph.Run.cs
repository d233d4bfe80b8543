using KernelGen.Kernels;

namespace KernelGen.Graph;

public sealed partial class CompiledGraph
{
    /// <summary>
    /// Uploads a float input; its length must be the input's element count. The data is copied into staging memory and
    /// its upload enqueued without waiting, so <paramref name="data"/> may be reused at once and the host goes on while
    /// the device works (<see cref="HostStaging{T}"/>).
    /// </summary>
    public void SetInput(string name, ReadOnlySpan<float> data)
    {
        if (Input(name) is not MemoryBuffer<float> buffer)
            throw new ArgumentException($"Input '{name}' of graph '{Graph.Name}' holds int values (labels), not floats.", nameof(name));
        CheckLength(name, buffer.Length, data.Length);
        Staging(name, buffer).Upload(data);
    }

    /// <summary>Uploads an int input (class labels), staged as the float inputs are.</summary>
    public void SetInput(string name, ReadOnlySpan<int> data)
    {
        if (Input(name) is not MemoryBuffer<int> buffer)
            throw new ArgumentException($"Input '{name}' of graph '{Graph.Name}' holds floats, not int labels.", nameof(name));
        CheckLength(name, buffer.Length, data.Length);
        Staging(name, buffer).Upload(data);
    }

    /// <summary>
    /// FLOPs of the products (GEMMs and convolutions, two per multiply-add) that one forward pass runs: the
    /// conventional count PyTorch's and cuDNN's reports use, leaving out element-wise work.
    /// </summary>
    public long ForwardFlops => _forwardFlops ??= 2 * _forward.Sum(n => n.ForwardMultiplyAdds);

    /// <summary>FLOPs of the products of one backward pass (0 without a loss).</summary>
    public long BackwardFlops => _backwardFlops ??= Graph.Loss is null ? 0 : 2 * _backward.Sum(n => n.BackwardMultiplyAdds(_ctx.HasGrad));

    /// <summary>FLOPs of the products of every forward and backward pass run so far (<see cref="ForwardFlops"/> each).</summary>
    public long FlopsRun { get; private set; }

    private long? _forwardFlops, _backwardFlops;

    /// <summary>Runs the forward pass (also in evaluation mode).</summary>
    public void Forward()
    {
        _ctx.Training = Training;
        FlopsRun += ForwardFlops;
        if (_finiteFlags is null)
        {
            foreach (var node in _forward) node.Forward(_ctx);
            _random.Commit(_ctx.Stream);
            return;
        }
        _finiteFlags.Zero();
        for (int k = 0; k < _nodes.Length; k++)
        {
            _nodes[k].Forward(_ctx);
            foreach (var o in _nodes[k].Outputs)
                if (o.DType == DType.Float32)
                    _ctx.Stream.Launch(ElementwiseKernels.FlagNonFiniteKernel, o.Shape.Numel, _ctx.View(o), _finiteFlags.View, k);
        }
        _random.Commit(_ctx.Stream);
        var flags = _finiteFlags.ToArray();
        int first = Array.IndexOf(flags, 1);
        if (first >= 0 && first < _nodes.Length)
        {
            var n = _nodes[first];
            throw new GraphException($"NaN or infinity first produced by {n} (outputs {string.Join(", ", n.Outputs)}; inputs {string.Join(", ", n.Inputs)}) in step {Steps + 1} of graph '{Graph.Name}'.") { NonFinite = true };
        }
    }

    /// <summary>Zeroes the gradients of the trainable groups and back-propagates from the loss (seeded with 1).</summary>
    public void Backward()
    {
        if (Graph.Loss is null) throw new GraphException($"Graph '{Graph.Name}' has no loss; call SetLoss before training.");
        FlopsRun += BackwardFlops;
        SeedGradients();
        _exchange?.Begin(this);
        for (int k = 0; k < _backward.Length; k++)
        {
            BackwardNode(k);
            _exchange?.Ready(this, k);
        }
    }

    /// <summary>
    /// Zeroes the trainable groups' gradients and writes the constant gradients that a backward reads from a buffer
    /// (<see cref="ConstantGradients"/>; usually none: the loss nodes take theirs as a number).
    /// </summary>
    private void SeedGradients()
    {
        foreach (var g in _trainable)
            if (g.Length > 0) ((MemoryBuffer<float>)Store.Gradients.Buffer!).Zero(g.Offset, g.Length, _ctx.Stream);
        foreach (var (offset, length, value) in _constantFills) _arena.Fill(value, offset, length, _ctx.Stream);
    }

    /// <summary>Zeroes the gradients born at backward step <paramref name="k"/>, then runs that node's backward.</summary>
    private void BackwardNode(int k)
    {
        var zero = _zeroAtBackward[k];
        for (int z = 0; z < zero.Length; z += 2) _arena.Zero(zero[z], zero[z + 1], _ctx.Stream);
        _backward[k].Backward(_ctx);
    }

    /// <summary>
    /// One optimizer update of every trainable group that has an optimizer (after the <see cref="Exchange"/>, when
    /// set, has made the gradients the mean over the ranks): the group's gradient is first
    /// rescaled to <see cref="Optimizer.ClipGradientNorm"/> when set (norm computed and applied on the device,
    /// in the graph's scratch), then the optimizer's single launch over the group's range, then its parameters
    /// are clamped to ±<see cref="Optimizer.WeightClip"/> when set, and their moving average follows them when the
    /// optimizer keeps one (<see cref="Optimizer.ParameterAverage"/>).
    /// </summary>
    public void Update()
    {
        _exchange?.Finish(this);
        var stream = _ctx.Stream;
        foreach (var g in _trainable)
        {
            if (g.Optimizer is not { } opt || g.Length == 0) continue;
            int t = ++g.Steps;
            if (opt.ClipGradientNorm is { } maxNorm) OptimizerSteps.ClipGradNorm(stream, g.Gradients, _gradNorm.View, _scratch.View, maxNorm);
            opt.Update(stream, g, t, opt.RateAt(t - 1));
            if (opt.WeightClip is { } clip) OptimizerSteps.ClipWeights(stream, g.Values, clip);
            if (opt.ParameterAverage is not null) OptimizerSteps.AverageParameters(stream, g.Average, g.Values, opt.AverageDecayAt(t));
        }
        Steps++;
    }

    /// <summary>
    /// Enqueues target[0] += <paramref name="weight"/> · ‖∇‖₂ of the last step's gradients of the trainable group
    /// <paramref name="group"/> (after clipping, when the optimizer clips), in the graph's scratch: a running sum of
    /// gradient norms kept on the device, with no host wait.
    /// </summary>
    public void AddGradientNorm(string group, ArrayView<float> target, float weight = 1f)
    {
        ParameterGroup? g = null;
        foreach (var t in _trainable) if (t.Name == group) g = t; // no closure: this runs inside every step
        if (g is null)
            throw new GraphException($"Graph '{Graph.Name}' trains no parameter group '{group}' (it trains: {string.Join(", ", _trainable.Select(t => t.Name).DefaultIfEmpty("none"))}).");
        if (g.Length == 0) throw new GraphException($"Parameter group '{group}' of graph '{Graph.Name}' has no parameters.");
        OptimizerSteps.AddNorm(_ctx.Stream, g.Gradients, target, _scratch.View, weight);
    }

    /// <summary>
    /// Forward, backward and update: one training step, enqueued without waiting (replayed from a capture with
    /// <see cref="CompileOptions.CaptureSteps"/>).
    /// </summary>
    public void Step()
    {
        if (Options.CaptureSteps && _exchange is null) CapturedStep();
        else RunStep();
    }

    /// <summary>Reads the loss (waits for the step).</summary>
    public float ReadLoss()
    {
        if (Graph.Loss is null) throw new GraphException($"Graph '{Graph.Name}' has no loss.");
        return Read(Graph.Loss)[0];
    }

    /// <summary>
    /// Throws if a device-side check of the last run flagged a problem (a class label out of range names the
    /// node, the row and the label). Reading the loss or any tensor checks this too; it waits for the stream.
    /// </summary>
    public void CheckResults()
    {
        foreach (var node in _nodes) node.CheckResults(_ctx);
    }

    /// <summary>Copies a float tensor (input, parameter, output or loss) to the host; waits for the stream.</summary>
    public float[] Read(Tensor t)
    {
        if (t.Producer is { } producer && Pruned.Contains(producer))
            throw new ArgumentException($"Tensor {t} is not computed by graph '{Graph.Name}': nothing it runs depends on {producer}; mark the tensor with MarkOutput to keep it.", nameof(t));
        var view = _ctx.View(t);
        if (view.IsEmpty) throw new ArgumentException($"Tensor {t} is not a float tensor of graph '{Graph.Name}'.", nameof(t));
        var data = new float[view.Length];
        ((MemoryBuffer<float>)view.Buffer!).CopyToHost(data, view.Offset, _ctx.Stream);
        CheckResults();
        return data;
    }

    /// <summary>Copies the gradient of <paramref name="t"/> from the last backward pass to the host.</summary>
    public float[] ReadGrad(Tensor t)
    {
        if (_ctx.ConstantGrad(t) is { } c && !_ctx.HasGradBuffer(t)) return Enumerable.Repeat(c, t.Shape.Numel).ToArray();
        var view = _ctx.Grad(t);
        var data = new float[view.Length];
        ((MemoryBuffer<float>)view.Buffer!).CopyToHost(data, view.Offset, _ctx.Stream);
        return data;
    }

    /// <summary>The device view of a float tensor (for callers that chain their own launches, e.g. loss accumulators).</summary>
    public ArrayView<float> View(Tensor t) => _ctx.View(t);

    /// <summary>Reads a tensor by name.</summary>
    public float[] Read(string name) => Read(Graph.Tensors.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"Graph '{Graph.Name}' has no tensor '{name}'.", nameof(name)));

    private MemoryBuffer Input(string name) => _inputs.TryGetValue(name, out var b) ? b
        : throw new ArgumentException($"Graph '{Graph.Name}' has no input '{name}'; inputs: {string.Join(", ", _inputs.Keys)}.", nameof(name));

    private void CheckLength(string name, int expected, int got)
    {
        if (expected != got) throw WrongLength(name, expected, got);
    }

    // Apart from CheckLength: a lambda capturing the name would allocate its closure at every upload, not only on failure.
    private ArgumentException WrongLength(string name, int expected, int got)
    {
        var t = Graph.Inputs.First(i => i.Name == name);
        return new ArgumentException($"Input '{name}' of graph '{Graph.Name}' expects shape {t.Shape} ({expected} values) but got {got} values.", nameof(name));
    }
}
