using System.Text.Json.Nodes;
using KernelGen.Models.Imaging;

namespace KernelGen.Cli;

/// <summary>Draws the loss curves of a run from its metrics.jsonl (every epoch so far, resumed runs included) as an SVG line plot.</summary>
internal static class LossCurve
{
    private static readonly HashSet<string> NotLosses = ["epoch", "seconds", "images_per_second", "outputs_seconds"];

    /// <summary>Writes the plot of <paramref name="metricsJsonl"/> to <paramref name="svgPath"/>; false when there is nothing to plot yet.</summary>
    public static bool Write(string metricsJsonl, string svgPath, string title)
    {
        if (!File.Exists(metricsJsonl)) return false;
        var rows = File.ReadLines(metricsJsonl).Where(l => l.Trim().Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        if (rows.Count == 0) return false;
        var names = rows.SelectMany(r => r.Select(p => p.Key)).Where(k => !NotLosses.Contains(k)).Distinct().ToList();
        var series = names.Select(name => new LineSeries(name,
            rows.Select(r => r["epoch"]?.GetValue<double>() ?? double.NaN).ToArray(),
            rows.Select(r => r[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN).ToArray())).ToList();
        if (series.Count == 0) return false;
        SvgPlot.Save(svgPath, SvgPlot.Lines(series, title, "epoch", "loss", integerX: true));
        return true;
    }
}
