using System.Reflection;
using Google.Protobuf;
using KernelGen.Graph;
using KernelGen.Interchange.Onnx.Translation;
using KernelGen.Models;
using Onnx;

namespace KernelGen.Interchange.Onnx;

/// <summary>
/// Turns an <see cref="InferencePart"/> into an ONNX model: the nodes its outputs depend on, translated in order, its
/// graph inputs as ONNX inputs (float32, int64 for labels) and its outputs under their part names, axis 0 of each being
/// the dynamic <see cref="OnnxGraph.BatchDimension"/>, the parameters as float32 initializers under their KernelGen
/// (PyTorch) names.
/// </summary>
internal static class OnnxModelWriter
{
    /// <summary>The ONNX operator set the export targets.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version of opset 17 (ONNX 1.12).</summary>
    public const long IrVersion = 8;

    public static ModelProto Write(InferencePart part, Func<string, float[]> parameter, IReadOnlyDictionary<string, string> metadata)
    {
        var nodes = LiveNodes(part);
        var g = new OnnxGraph(part.Graph.Name, parameter);
        var inputs = part.Graph.Inputs.Where(t => nodes.Any(n => n.Inputs.Contains(t))).OrderBy(t => t.DType == DType.Int32).ToList(); // images or latents, then labels
        foreach (var input in inputs) g.Reserve(input, input.Name);
        foreach (var output in part.Outputs) g.Reserve(output.Tensor, output.Name);
        foreach (var node in nodes) NodeTranslation.Translate(node, g);
        foreach (var input in inputs) g.Proto.Input.Add(ValueInfo(input.Name, input));
        foreach (var output in part.Outputs) g.Proto.Output.Add(ValueInfo(output.Name, output.Tensor));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "KernelGen",
            ProducerVersion = typeof(OnnxModelWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            DocString = part.Meaning,
            Graph = g.Proto,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in metadata) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    /// <summary>The part's nodes that its outputs depend on, in declaration (topological) order.</summary>
    private static List<Node> LiveNodes(InferencePart part)
    {
        var needed = new HashSet<Tensor>(part.Outputs.Select(o => o.Tensor));
        var live = new List<Node>();
        foreach (var node in part.Graph.Nodes.Reverse())
        {
            if (!node.Outputs.Any(needed.Contains)) continue;
            live.Add(node);
            foreach (var input in node.Inputs) needed.Add(input);
        }
        live.Reverse();
        return live;
    }

    private static ValueInfoProto ValueInfo(string name, Tensor t)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxGraph.BatchDimension });
        for (int d = 1; d < t.Shape.Rank; d++) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = t.Shape[d] });
        var elementType = t.DType == DType.Int32 ? TensorProto.Types.DataType.Int64 : TensorProto.Types.DataType.Float;
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape } },
        };
    }

    /// <summary>The model's bytes as ONNX files hold them.</summary>
    public static byte[] Serialize(ModelProto model) => model.ToByteArray();
}
