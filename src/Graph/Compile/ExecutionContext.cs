using KernelGen.Kernels;

namespace KernelGen.Graph;

/// <summary>What a node sees while it runs: the views of its tensors and gradients, scratch, the stream, the mode.</summary>
public sealed class ExecutionContext
{
    private readonly ArrayView<float>[] _views;
    private readonly ArrayView<float>[] _grads;
    private readonly ArrayView<int>[] _intViews;
    private readonly float?[] _constantGrads;
    private readonly Dictionary<Node, (GemmActivation Activation, Tensor Output)> _fused = [];

    internal ExecutionContext(int tensorCount, AcceleratorStream stream, PhiloxStream random, ArrayView<float> scratch)
    {
        _views = new ArrayView<float>[tensorCount];
        _grads = new ArrayView<float>[tensorCount];
        _intViews = new ArrayView<int>[tensorCount];
        _constantGrads = new float?[tensorCount];
        Stream = stream;
        Random = random;
        Scratch = scratch;
    }

    /// <summary>The stream all launches go to.</summary>
    public AcceleratorStream Stream { get; }

    /// <summary>Training (dropout on, batch statistics) or evaluation mode.</summary>
    public bool Training { get; internal set; } = true;

    /// <summary>The graph's random stream.</summary>
    public PhiloxStream Random { get; }

    /// <summary>Scratch space shared by all nodes (as long as the largest request).</summary>
    public ArrayView<float> Scratch { get; }

    /// <summary>The values of a float tensor.</summary>
    public ArrayView<float> View(Tensor t) => _views[t.Id];

    /// <summary>The values of an int tensor.</summary>
    public ArrayView<int> IntView(Tensor t) => _intViews[t.Id];

    /// <summary>Whether this step computes a gradient for <paramref name="t"/>.</summary>
    public bool HasGrad(Tensor t) => !_grads[t.Id].IsEmpty || _constantGrads[t.Id] is not null;

    /// <summary>The gradient of <paramref name="t"/> (accumulate into it).</summary>
    public ArrayView<float> Grad(Tensor t) => !_grads[t.Id].IsEmpty ? _grads[t.Id]
        : _constantGrads[t.Id] is { } c ? throw new InvalidOperationException($"The gradient of {t} is the constant {c} known at compile time and has no buffer; read it with ConstantGrad.")
        : throw new InvalidOperationException($"Tensor {t} has no gradient in this graph.");

    /// <summary>
    /// The gradient of <paramref name="t"/> when the compiler knows it as a constant (the same in every element, at
    /// every step: the loss's 1, a mean's 1/n, a weight), else null.
    /// </summary>
    public float? ConstantGrad(Tensor t) => _constantGrads[t.Id];

    /// <summary>
    /// The activation that the compiler fused into <paramref name="node"/>'s forward and the tensor the node then writes
    /// (the activation's output), or no activation and a null output.
    /// </summary>
    public (GemmActivation Activation, Tensor? Output) FusedActivation(Node node) =>
        _fused.TryGetValue(node, out var f) ? f : default;

    internal void Fuse(Node node, GemmActivation activation, Tensor output) => _fused[node] = (activation, output);

    internal bool HasGradBuffer(Tensor t) => !_grads[t.Id].IsEmpty;
    internal void Bind(Tensor t, ArrayView<float> view) => _views[t.Id] = view;
    internal void BindInt(Tensor t, ArrayView<int> view) => _intViews[t.Id] = view;
    internal void BindGrad(Tensor t, ArrayView<float> view) => _grads[t.Id] = view;
    internal void BindConstantGrad(Tensor t, float value) => _constantGrads[t.Id] = value;
}
