using KernelGen.Kernels;

namespace KernelGen.Graph;

/// <summary>What a node sees while it runs: the views of its tensors and gradients, scratch, the stream, the mode.</summary>
public sealed class ExecutionContext
{
    private readonly ArrayView<float>[] _views;
    private readonly ArrayView<float>[] _grads;
    private readonly ArrayView<int>[] _intViews;

    internal ExecutionContext(int tensorCount, AcceleratorStream stream, PhiloxStream random, ArrayView<float> scratch)
    {
        _views = new ArrayView<float>[tensorCount];
        _grads = new ArrayView<float>[tensorCount];
        _intViews = new ArrayView<int>[tensorCount];
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
    public bool HasGrad(Tensor t) => !_grads[t.Id].IsEmpty;

    /// <summary>The gradient of <paramref name="t"/> (accumulate into it).</summary>
    public ArrayView<float> Grad(Tensor t) => HasGrad(t) ? _grads[t.Id]
        : throw new InvalidOperationException($"Tensor {t} has no gradient in this graph.");

    internal void Bind(Tensor t, ArrayView<float> view) => _views[t.Id] = view;
    internal void BindInt(Tensor t, ArrayView<int> view) => _intViews[t.Id] = view;
    internal void BindGrad(Tensor t, ArrayView<float> view) => _grads[t.Id] = view;
}
