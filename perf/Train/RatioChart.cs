using System.Globalization;
using System.Text;

namespace KernelGen.Perf.Train;

/// <summary>A horizontal SVG bar chart of ratios (ours ÷ peer) with the 1× line and each model's target marked.</summary>
public static class RatioChart
{
    /// <summary>Renders bars for (label, ratio, target); ratios above 1 mean KernelGen is faster.</summary>
    public static string Render(string title, IReadOnlyList<(string Label, double Ratio, double Target)> bars)
    {
        const int left = 150, width = 420, row = 26, top = 40;
        double max = Math.Max(2.0, bars.Select(b => Math.Max(b.Ratio, b.Target)).DefaultIfEmpty(1).Max() * 1.1);
        int height = top + bars.Count * row + 40;
        string X(double v) => (left + v / max * width).ToString("F1", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{left + width + 80}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"20\" font-size=\"14\">{Escape(title)}</text>");
        for (int i = 0; i < bars.Count; i++)
        {
            var (label, ratio, target) = bars[i];
            int y = top + i * row;
            string color = ratio >= target ? "#2a9d55" : "#d9534f";
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{y + 16}\" text-anchor=\"end\">{Escape(label)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{y + 4}\" width=\"{(ratio / max * width).ToString("F1", CultureInfo.InvariantCulture)}\" height=\"16\" fill=\"{color}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(target)}\" x2=\"{X(target)}\" y1=\"{y + 1}\" y2=\"{y + 23}\" stroke=\"#333\" stroke-dasharray=\"3,2\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{(left + ratio / max * width + 6).ToString("F1", CultureInfo.InvariantCulture)}\" y=\"{y + 16}\">{ratio.ToString("F2", CultureInfo.InvariantCulture)}×</text>");
        }
        int axis = top + bars.Count * row + 8;
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(1)}\" x2=\"{X(1)}\" y1=\"{top}\" y2=\"{axis}\" stroke=\"#888\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(1)}\" y=\"{axis + 14}\" text-anchor=\"middle\">1× (same speed)</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{axis + 28}\" fill=\"#555\">bar: KernelGen images/s ÷ PyTorch's; dashed: the target; green: met</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
