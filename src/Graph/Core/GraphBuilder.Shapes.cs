using KernelGen.Graph.Ops;

namespace KernelGen.Graph;

public sealed partial class GraphBuilder
{
    /// <summary>The same values under <paramref name="shape"/> (same element count; a copy).</summary>
    public Tensor Reshape(Tensor x, Shape shape, string? name = null) => Add(new ReshapeOp(this, "Reshape", name ?? "reshape", x, shape));

    /// <summary>(N, …) → (N, product of the rest), e.g. before a Linear layer (a copy).</summary>
    public Tensor Flatten(Tensor x, string? name = null) =>
        Add(new ReshapeOp(this, "Flatten", name ?? "flatten", x, new Shape(x.Shape[0], x.Shape.PerSample)));

    /// <summary>[a | b] along axis 1 (image channels or features); the other dimensions must agree.</summary>
    public Tensor Concat(Tensor a, Tensor b, string? name = null) => Add(new ConcatOp(this, name ?? "concat", a, b));

    /// <summary>Splits x along axis 1 into its first <paramref name="first"/> channels (or features) and the rest.</summary>
    public (Tensor First, Tensor Second) Split(Tensor x, int first, string? name = null)
    {
        var node = new SplitOp(this, name ?? "split", x, first);
        return (Add(node), node.Rest);
    }

    /// <summary>One-hot (N, classes) floats from int labels (N); no gradient. Bad labels leave a zero row; see <see cref="CompiledGraph.CheckResults"/>.</summary>
    public Tensor OneHot(Tensor labels, int classes, string? name = null) => Add(new OneHotOp(this, name ?? "one_hot", labels, classes));

    /// <summary>(N, K) → (N, K, height, width) with each value repeated over its channel (conditioning convolutional models on labels).</summary>
    public Tensor ExpandToChannels(Tensor v, int height, int width, string? name = null) =>
        Add(new ExpandToChannelsOp(this, name ?? "expand", v, height, width));
}
