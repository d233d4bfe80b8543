namespace KernelGen.Graph;

/// <summary>
/// One operation of a graph, with its shape rule (checked in the constructor), its forward and its
/// hand-written backward. Backward accumulates into the gradients of the inputs that need one.
/// </summary>
public abstract class Node
{
    private readonly List<Tensor> _outputs = new();

    /// <summary>Registers the node with its graph; derived constructors check shapes, then call <see cref="Output"/>.</summary>
    protected Node(GraphBuilder graph, string op, string name, params Tensor[] inputs)
    {
        Graph = graph;
        Op = op;
        Name = graph.UniqueNodeName(name);
        foreach (var t in inputs)
            if (t.Graph != graph) throw new GraphException($"{op} '{Name}': input {t} belongs to another graph.");
        Inputs = inputs;
    }

    /// <summary>The graph.</summary>
    public GraphBuilder Graph { get; }

    /// <summary>The operation, e.g. <c>Linear</c>.</summary>
    public string Op { get; }

    /// <summary>Unique node name, e.g. <c>enc1</c>.</summary>
    public string Name { get; }

    /// <summary>Inputs, parameters included.</summary>
    public IReadOnlyList<Tensor> Inputs { get; }

    /// <summary>Outputs; the first is the node's result, others are saved state (masks, statistics).</summary>
    public IReadOnlyList<Tensor> Outputs => _outputs;

    /// <summary>The node's result.</summary>
    public Tensor Result => _outputs[0];

    /// <summary>Tensors the backward reads; they stay alive until it has run.</summary>
    protected internal virtual IEnumerable<Tensor> SavedForBackward => Inputs.Concat(Outputs);

    /// <summary>Float scratch elements the node needs while it runs (shared by all nodes), on any backend.</summary>
    protected internal virtual int ScratchLength => 0;

    /// <summary>Float scratch elements the node needs on <paramref name="backend"/> (the CPU and devices may lower differently).</summary>
    protected internal virtual int ScratchLengthOn(Backend backend) => ScratchLength;

    /// <summary>Whether the node has a backward at all (false for e.g. label encoding).</summary>
    protected internal virtual bool Differentiable => true;

    /// <summary>
    /// When not null, the node's backward is exactly: input k's gradient += coefficient k × the output's gradient
    /// (elementwise, or broadcast from a scalar output), and nothing else. Such a node with a constant output gradient
    /// passes constants on, and the compiler folds its backward away (<see cref="ConstantGradients"/>).
    /// </summary>
    protected internal virtual float[]? GradientCoefficients => null;

    /// <summary>
    /// Whether the backward asks <see cref="ExecutionContext.ConstantGrad"/> for its output's gradient and uses the
    /// number when there is one, so a constant gradient needs no device buffer.
    /// </summary>
    protected internal virtual bool ReadsConstantGradient => false;

    /// <summary>
    /// Whether the forward can apply a ReLU or LeakyReLU that consumes its result in its own launch, writing that
    /// activation's output instead of its result (<see cref="ExecutionContext.FusedActivation"/>), e.g. a GEMM epilogue.
    /// </summary>
    protected internal virtual bool CanApplyActivation => false;

    /// <summary>Computes the outputs.</summary>
    protected internal abstract void Forward(ExecutionContext ctx);

    /// <summary>Multiply-adds of the products (GEMMs, convolutions) the forward pass runs; 0 for element-wise nodes.</summary>
    protected internal virtual long ForwardMultiplyAdds => 0;

    /// <summary>Multiply-adds of the products the backward pass runs, given which tensors receive a gradient.</summary>
    protected internal virtual long BackwardMultiplyAdds(Func<Tensor, bool> hasGrad) => 0;

    /// <summary>Adds the gradients of the inputs that need one, given the gradients of the outputs.</summary>
    protected internal abstract void Backward(ExecutionContext ctx);

    /// <summary>
    /// Called when the host reads results (it waits for the stream anyway): throws if a device-side check of the
    /// last run flagged a problem, e.g. a class label out of range. Does nothing by default.
    /// </summary>
    protected internal virtual void CheckResults(ExecutionContext ctx) { }

    /// <summary>Declares an output of the node.</summary>
    protected Tensor Output(Shape shape, string? suffix = null, DType dtype = DType.Float32)
    {
        var t = Graph.NewTensor(suffix is null ? Name : $"{Name}.{suffix}", shape, TensorKind.Activation, dtype, this);
        _outputs.Add(t);
        return t;
    }

    /// <summary>Throws a build error naming this node, its inputs and their shapes.</summary>
    protected GraphException Error(string problem) =>
        new($"{Op} '{Name}': {problem} (inputs: {string.Join(", ", Inputs.Select(i => i.ToString()))}).");

    /// <inheritdoc/>
    public override string ToString() => $"{Op} '{Name}'";
}
