using Google.Protobuf;
using KernelGen.Graph;
using Onnx;

namespace KernelGen.Interchange.Onnx;

/// <summary>
/// The ONNX graph being written for one KernelGen graph: the ONNX value name of each tensor, the nodes, and the
/// initializers (parameters under their KernelGen names, and the constants the translations need). The batch axis
/// of every input and output is the symbolic dimension <see cref="BatchDimension"/>.
/// </summary>
internal sealed class OnnxGraph
{
    /// <summary>The name of the dynamic batch dimension.</summary>
    public const string BatchDimension = "batch";

    private readonly Dictionary<Tensor, string> _names = new();
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly Func<string, float[]> _parameter;
    private int _constants;

    public OnnxGraph(string name, Func<string, float[]> parameter)
    {
        Proto = new GraphProto { Name = name };
        _parameter = parameter;
    }

    public GraphProto Proto { get; }

    /// <summary>Gives <paramref name="tensor"/> an exact ONNX name (an input or output of the part); call before translating.</summary>
    public void Reserve(Tensor tensor, string name)
    {
        if (!_taken.Add(name)) throw new ArgumentException($"ONNX value name '{name}' is used twice.");
        _names[tensor] = name;
    }

    /// <summary>The ONNX value of <paramref name="tensor"/>: a parameter becomes an initializer on first use.</summary>
    public string Value(Tensor tensor)
    {
        if (tensor.Kind == TensorKind.Parameter) return Parameter(tensor, values => values);
        if (_names.TryGetValue(tensor, out var name)) return name;
        name = Unique(tensor.Name);
        _names[tensor] = name;
        return name;
    }

    /// <summary>A parameter's values under its own name, changed by <paramref name="transform"/> (e.g. a PixelCNN mask).</summary>
    public string Parameter(Tensor parameter, Func<float[], float[]> transform)
    {
        if (_names.TryGetValue(parameter, out var existing)) return existing;
        var name = Unique(parameter.Name);
        _names[parameter] = name;
        Proto.Initializer.Add(FloatTensor(name, parameter.Shape.ToArray().Select(d => (long)d), transform(_parameter(parameter.Name))));
        return name;
    }

    /// <summary>A float constant of the given shape (a scalar when <paramref name="dims"/> is empty).</summary>
    public string Constant(float[] values, params long[] dims)
    {
        var name = Unique($"const{_constants++}");
        Proto.Initializer.Add(FloatTensor(name, dims, values));
        return name;
    }

    /// <summary>A float scalar constant.</summary>
    public string Scalar(float value) => Constant([value]);

    /// <summary>An int64 vector constant (shapes, axes, split sizes).</summary>
    public string Int64s(params long[] values)
    {
        var name = Unique($"const{_constants++}");
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        Proto.Initializer.Add(t);
        return name;
    }

    /// <summary>A fresh name for an intermediate value of a translation.</summary>
    public string Temporary(string hint) => Unique(hint);

    /// <summary>Adds a node; returns it so the caller can add attributes.</summary>
    public NodeProto Node(string op, string name, IEnumerable<string> inputs, params string[] outputs)
    {
        var node = new NodeProto { OpType = op, Name = Unique("node:" + name) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        Proto.Node.Add(node);
        return node;
    }

    /// <summary>A float32 tensor with its values as raw little-endian bytes (ONNX's raw_data; .NET's float layout on every supported platform).</summary>
    private static TensorProto FloatTensor(string name, IEnumerable<long> dims, float[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        t.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return t;
    }

    private string Unique(string name)
    {
        var unique = name;
        for (int k = 2; !_taken.Add(unique); k++) unique = $"{name}_{k}";
        return unique;
    }
}
