namespace KernelGen.Graph;

/// <summary>Where a tensor's memory comes from.</summary>
public enum TensorKind
{
    /// <summary>Data fed from the host before each step.</summary>
    Input,
    /// <summary>A trainable parameter, stored in the parameter arena.</summary>
    Parameter,
    /// <summary>An intermediate result, stored in the planned activation arena.</summary>
    Activation,
}

/// <summary>Element type of a tensor.</summary>
public enum DType
{
    /// <summary>32-bit float.</summary>
    Float32,
    /// <summary>32-bit signed integer (labels, indices).</summary>
    Int32,
}

/// <summary>A symbolic tensor of a graph: a name, a shape, and the node that produces it.</summary>
public sealed class Tensor
{
    internal Tensor(GraphBuilder graph, int id, string name, Shape shape, TensorKind kind, DType dtype, Node? producer)
    {
        Graph = graph;
        Id = id;
        Name = name;
        Shape = shape;
        Kind = kind;
        DType = dtype;
        Producer = producer;
    }

    /// <summary>The graph the tensor belongs to.</summary>
    public GraphBuilder Graph { get; }

    internal int Id { get; }

    /// <summary>Unique name within the graph.</summary>
    public string Name { get; }

    /// <summary>The shape.</summary>
    public Shape Shape { get; }

    /// <summary>Where the memory comes from.</summary>
    public TensorKind Kind { get; }

    /// <summary>Element type.</summary>
    public DType DType { get; }

    /// <summary>The node that computes it (null for inputs and parameters).</summary>
    public Node? Producer { get; }

    /// <summary>For a parameter: its declaration.</summary>
    public ParameterSpec? Parameter { get; internal set; }

    /// <summary>Bytes of storage.</summary>
    public long Bytes => Shape.Numel * 4L;

    /// <inheritdoc/>
    public override string ToString() => $"'{Name}' {Shape}";
}
