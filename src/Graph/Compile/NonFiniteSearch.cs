using KernelGen.Kernels;

namespace KernelGen.Graph;

public sealed partial class CompiledGraph
{
    /// <summary>
    /// Where NaN or ±∞ first appears, for a diagnosis after a loss went non-finite: the first parameter holding one
    /// (an update blew up), else the first node whose output holds one in a forward pass over the inputs last set,
    /// reading every output back (slow: for diagnosis only; it runs the forward pass, so random streams and
    /// running statistics advance). Null when everything is finite.
    /// </summary>
    public string? FindNonFinite()
    {
        if (Store.FirstNonFinite() is { } parameter) return parameter;
        _ctx.Training = Training;
        foreach (var node in _forward)
        {
            node.Forward(_ctx);
            var written = _ctx.FusedActivation(node).Output is { } fused ? [fused] : node.Outputs;
            foreach (var o in written.Where(o => o.DType == DType.Float32))
            {
                var view = _ctx.View(o);
                var data = new float[view.Length];
                ((MemoryBuffer<float>)view.Buffer!).CopyToHost(data, view.Offset, _ctx.Stream);
                int bad = CountNonFinite(data);
                if (bad > 0)
                    return $"node {node} of graph '{Graph.Name}' (inputs {string.Join(", ", node.Inputs)}) produced {bad} NaN or infinite value(s) in {o}";
            }
        }
        return null;
    }

    internal static int CountNonFinite(ReadOnlySpan<float> data)
    {
        int bad = 0;
        foreach (var v in data)
            if (!float.IsFinite(v)) bad++;
        return bad;
    }
}
