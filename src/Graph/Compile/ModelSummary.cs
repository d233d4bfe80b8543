using System.Text;

namespace KernelGen.Graph;

/// <summary>A table of layers, output shapes, parameter counts and memory, like Keras' <c>model.summary()</c>.</summary>
public static class ModelSummary
{
    /// <summary>Renders the summary of a compiled graph as fixed-width text.</summary>
    public static string Render(CompiledGraph model)
    {
        var g = model.Graph;
        var rows = new List<string[]> { new[] { "Layer (op)", "Output shape", "Params", "Output bytes" } };
        var counted = new HashSet<Tensor>();
        foreach (var node in g.Nodes)
        {
            long parameters = node.Inputs.Where(i => i.Kind == TensorKind.Parameter && counted.Add(i)).Sum(i => (long)i.Shape.Numel);
            rows.Add([$"{node.Name} ({node.Op})", node.Result.Shape.ToString(), parameters.ToString("N0"), node.Outputs.Sum(o => o.Bytes).ToString("N0")]);
        }
        var widths = Enumerable.Range(0, 4).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var sb = new StringBuilder();
        string rule = new('─', widths.Sum() + 9);
        sb.AppendLine($"Model: {g.Name} on {model.Accelerator.Device.Id} ({model.Accelerator.Device.Name})");
        sb.AppendLine(rule);
        for (int r = 0; r < rows.Count; r++)
        {
            sb.AppendLine($"{rows[r][0].PadRight(widths[0])}   {rows[r][1].PadRight(widths[1])}   {rows[r][2].PadLeft(widths[2])}   {rows[r][3].PadLeft(widths[3])}");
            if (r == 0) sb.AppendLine(rule);
        }
        sb.AppendLine(rule);
        long total = g.Parameters.Sum(p => (long)p.Shape.Numel);
        long trainable = g.Parameters.Where(p => !g.FrozenGroups.Contains(p.Parameter!.Group)).Sum(p => (long)p.Shape.Numel);
        sb.AppendLine($"Total params: {total:N0} ({total * 4:N0} bytes); trainable: {trainable:N0}; frozen: {total - trainable:N0}");
        sb.AppendLine($"Activations and gradients: {model.Plan.PeakBytes:N0} bytes planned (peak) vs {model.Plan.UnplannedBytes:N0} bytes unplanned");
        return sb.ToString();
    }
}
