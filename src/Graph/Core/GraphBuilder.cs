namespace KernelGen.Graph;

/// <summary>
/// Declares a model as a graph of symbolic tensors. Layers (in the partial files GraphBuilder.*.cs) check
/// shapes as they are added and name the node, its inputs and their shapes when something does not fit.
/// Parameters are declared by name, so several graphs (a GAN's discriminator and generator steps) can share
/// them; <see cref="Compile"/> turns the graph into launches on one accelerator.
/// </summary>
public sealed partial class GraphBuilder
{
    private readonly List<Tensor> _tensors = new();
    private readonly List<Node> _nodes = new();
    private readonly Dictionary<string, Tensor> _parameters = new();
    private readonly HashSet<string> _nodeNames = new();
    private readonly HashSet<string> _frozen = new();
    private readonly List<Tensor> _outputs = new();
    private string _group = "default";

    /// <summary>Creates an empty graph with an optional name (used in messages and summaries).</summary>
    public GraphBuilder(string name = "graph") => Name = name;

    /// <summary>The graph's name.</summary>
    public string Name { get; }

    /// <summary>Nodes in the order they were added (a topological order).</summary>
    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>All tensors.</summary>
    public IReadOnlyList<Tensor> Tensors => _tensors;

    /// <summary>Inputs fed from the host.</summary>
    public IEnumerable<Tensor> Inputs => _tensors.Where(t => t.Kind == TensorKind.Input);

    /// <summary>Parameters used by this graph.</summary>
    public IEnumerable<Tensor> Parameters => _parameters.Values;

    /// <summary>The scalar loss, once <see cref="SetLoss"/> was called.</summary>
    public Tensor? Loss { get; private set; }

    /// <summary>Tensors kept readable after a step (besides the loss).</summary>
    public IReadOnlyList<Tensor> Outputs => _outputs;

    /// <summary>Parameter groups that this graph does not train (their parameters get no gradient here).</summary>
    public IReadOnlySet<string> FrozenGroups => _frozen;

    /// <summary>Declares an input of the given shape (batch first).</summary>
    public Tensor Input(string name, params int[] shape) => NewTensor(name, new Shape(shape), TensorKind.Input, DType.Float32, null);

    /// <summary>Declares an int input (class labels).</summary>
    public Tensor IntInput(string name, params int[] shape) => NewTensor(name, new Shape(shape), TensorKind.Input, DType.Int32, null);

    /// <summary>Parameters declared inside <paramref name="body"/> belong to <paramref name="group"/>.</summary>
    public T InGroup<T>(string group, Func<T> body)
    {
        var saved = _group;
        _group = group;
        try { return body(); }
        finally { _group = saved; }
    }

    /// <summary>Marks a parameter group as frozen in this graph: used, but not trained.</summary>
    public void Freeze(string group) => _frozen.Add(group);

    /// <summary>Declares (or reuses, when the name exists) a parameter.</summary>
    public Tensor Parameter(string name, Shape shape, Init init)
    {
        if (_parameters.TryGetValue(name, out var existing))
        {
            if (existing.Shape != shape)
                throw new GraphException($"Parameter '{name}' is declared with shape {shape} but already exists with shape {existing.Shape}.");
            return existing;
        }
        var t = NewTensor(name, shape, TensorKind.Parameter, DType.Float32, null);
        t.Parameter = new ParameterSpec(name, shape, init, _group);
        _parameters[name] = t;
        return t;
    }

    /// <summary>Sets the scalar the training step minimizes.</summary>
    public void SetLoss(Tensor loss)
    {
        if (loss.Shape.Numel != 1) throw new GraphException($"The loss must be a scalar, but {loss} is not.");
        Loss = loss;
    }

    /// <summary>Keeps <paramref name="t"/> readable after each step (e.g. reconstructions, samples).</summary>
    public Tensor MarkOutput(Tensor t)
    {
        if (!_outputs.Contains(t)) _outputs.Add(t);
        return t;
    }

    /// <summary>Compiles the graph alone for <paramref name="accelerator"/>.</summary>
    public CompiledGraph Compile(Accelerator accelerator, CompileOptions? options = null) =>
        Compiler.Compile(accelerator, options ?? new CompileOptions(), this)[0];

    internal Tensor NewTensor(string name, Shape shape, TensorKind kind, DType dtype, Node? producer)
    {
        if (_tensors.Any(t => t.Name == name))
        {
            if (kind == TensorKind.Input) throw new GraphException($"Input '{name}' is declared twice.");
            int k = 2;
            while (_tensors.Any(t => t.Name == $"{name}#{k}")) k++;
            name = $"{name}#{k}";
        }
        var t = new Tensor(this, _tensors.Count, name, shape, kind, dtype, producer);
        _tensors.Add(t);
        return t;
    }

    internal string UniqueNodeName(string name)
    {
        var unique = name;
        for (int k = 2; !_nodeNames.Add(unique); k++) unique = $"{name}#{k}";
        return unique;
    }

    /// <summary>Adds a constructed node and returns its result.</summary>
    internal Tensor Add(Node node)
    {
        _nodes.Add(node);
        return node.Result;
    }
}
