using System.Diagnostics;
using System.Text;

namespace KernelGen.Graph;

/// <summary>Time spent per node and phase over profiled training steps, slowest first.</summary>
/// <param name="Rows">(node, op, phase, milliseconds per step).</param>
/// <param name="StepMilliseconds">Mean wall time of a profiled step (synchronizing after every node, so a little above an unprofiled step).</param>
public sealed record StepProfile(IReadOnlyList<(string Node, string Op, string Phase, double Milliseconds)> Rows, double StepMilliseconds)
{
    /// <summary>A table of the slowest entries with their share of the step.</summary>
    public string Render(int top = 20)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{"node",-28} {"op",-22} {"phase",-8} {"ms/step",9} {"share",7}");
        foreach (var r in Rows.Take(top))
            sb.AppendLine($"{r.Node,-28} {r.Op,-22} {r.Phase,-8} {r.Milliseconds,9:F3} {100 * r.Milliseconds / StepMilliseconds,6:F1}%");
        sb.AppendLine($"step: {StepMilliseconds:F3} ms (profiled)");
        return sb.ToString();
    }
}

public sealed partial class CompiledGraph
{
    /// <summary>
    /// Runs <paramref name="steps"/> training steps, waiting for the device after every node, and returns where
    /// the time went (forward, backward per node, and the optimizer update).
    /// </summary>
    public StepProfile Profile(int steps = 10)
    {
        if (Graph.Loss is null) throw new GraphException($"Graph '{Graph.Name}' has no loss to profile a training step of.");
        var stream = _ctx.Stream;
        var totals = new Dictionary<(Node?, string), double>();
        var clock = new Stopwatch();
        void Time(Node? node, string phase, Action action)
        {
            stream.Synchronize();
            clock.Restart();
            action();
            stream.Synchronize();
            totals[(node, phase)] = totals.GetValueOrDefault((node, phase)) + clock.Elapsed.TotalMilliseconds;
        }
        var step = Stopwatch.StartNew();
        for (int s = 0; s < steps; s++)
        {
            _ctx.Training = Training;
            foreach (var node in _forward) Time(node, "forward", () => node.Forward(_ctx));
            Time(null, "zero+seed", SeedGradients);
            for (int k = 0; k < _backward.Length; k++)
            {
                int at = k;
                Time(_backward[k], "backward", () => BackwardNode(at));
            }
            Time(null, "update", Update);
        }
        double perStep = step.Elapsed.TotalMilliseconds / steps;
        var rows = totals.Select(kv => (kv.Key.Item1?.Name ?? "(step)", kv.Key.Item1?.Op ?? "", kv.Key.Item2, kv.Value / steps))
            .OrderByDescending(r => r.Item4).ToList();
        return new StepProfile(rows, perStep);
    }
}
