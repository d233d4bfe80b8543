using System.Globalization;
using System.Security;
using System.Text;

namespace KernelGen.Models.Imaging;

/// <summary>The common part of the SVG plots: canvas, title, axes with round-number ticks, a legend on the
/// right, and the mapping from data to pixel coordinates.</summary>
internal sealed class SvgFrame
{
    /// <summary>Ten distinguishable colours (the "tab10" palette), cycled by label or series.</summary>
    public static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    const int Left = 64, Top = 36, Bottom = 48, LegendWidth = 150;
    readonly StringBuilder _svg = new();
    readonly double _x0, _x1, _y0, _y1;
    readonly int _width, _height;
    readonly bool _integerX;

    /// <summary>A frame over the data ranges <paramref name="x"/> and <paramref name="y"/> (widened by 5%); with
    /// <paramref name="integerX"/> the x ticks are whole numbers only.</summary>
    public SvgFrame(int width, int height, (double Min, double Max) x, (double Min, double Max) y,
        string title, string xLabel, string yLabel, bool integerX = false)
    {
        if (width < Left + LegendWidth + 100 || height < Top + Bottom + 100)
            throw new ArgumentException($"A plot of {width}×{height} is too small; it needs at least {Left + LegendWidth + 100}×{Top + Bottom + 100}.");
        _width = width;
        _height = height;
        _integerX = integerX;
        (_x0, _x1) = Widen(x);
        (_y0, _y1) = Widen(y);
        _svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        _svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        if (title.Length > 0)
            Text(width / 2.0, 22, title, "middle", "font-size=\"15\"");
        Axes(xLabel, yLabel);
    }

    double PlotRight => _width - LegendWidth;
    double PlotBottom => _height - Bottom;

    public double X(double v) => Left + (v - _x0) / (_x1 - _x0) * (PlotRight - Left);
    public double Y(double v) => PlotBottom - (v - _y0) / (_y1 - _y0) * (PlotBottom - Top);

    public void Raw(string element) => _svg.Append(element).Append('\n');

    public void Circle(double x, double y, string colour) =>
        _svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(x):0.##}\" cy=\"{Y(y):0.##}\" r=\"2\" fill=\"{colour}\" fill-opacity=\"0.7\"/>\n");

    public void Legend(IReadOnlyList<(string Name, string Colour)> entries)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            double y = Top + 10 + i * 18;
            _svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{PlotRight + 16}\" y=\"{y - 9}\" width=\"12\" height=\"12\" fill=\"{entries[i].Colour}\"/>\n");
            Text(PlotRight + 34, y + 1, entries[i].Name, "start");
        }
    }

    public string Finish() => _svg.Append("</svg>\n").ToString();

    public static string Format(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    void Text(double x, double y, string text, string anchor, string extra = "") =>
        _svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{x:0.##}\" y=\"{y:0.##}\" text-anchor=\"{anchor}\" {extra}>{SecurityElement.Escape(text)}</text>\n");

    void Axes(string xLabel, string yLabel)
    {
        _svg.Append(CultureInfo.InvariantCulture,
            $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{PlotRight - Left}\" height=\"{PlotBottom - Top}\" fill=\"none\" stroke=\"black\"/>\n");
        foreach (double t in Ticks(_x0, _x1, _integerX))
        {
            double px = X(t);
            _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{px:0.##}\" y1=\"{PlotBottom}\" x2=\"{px:0.##}\" y2=\"{PlotBottom + 5}\" stroke=\"black\"/>\n");
            Text(px, PlotBottom + 18, Format(t), "middle");
        }
        foreach (double t in Ticks(_y0, _y1))
        {
            double py = Y(t);
            _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left - 5}\" y1=\"{py:0.##}\" x2=\"{Left}\" y2=\"{py:0.##}\" stroke=\"black\"/>\n");
            Text(Left - 8, py + 4, Format(t), "end");
        }
        if (xLabel.Length > 0) Text((Left + PlotRight) / 2, _height - 10, xLabel, "middle");
        if (yLabel.Length > 0)
            Text(16, (Top + PlotBottom) / 2, yLabel, "middle", $"transform=\"rotate(-90 16 {(Top + PlotBottom) / 2:0.##})\"");
    }

    /// <summary>
    /// Round-number ticks (1, 2 or 5 times a power of ten) inside [lo, hi], about five of them; with
    /// <paramref name="integer"/> the step is at least 1, so every tick is a whole number.
    /// </summary>
    internal static List<double> Ticks(double lo, double hi, bool integer = false)
    {
        double raw = (hi - lo) / 5, power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = raw / power < 1.5 ? power : raw / power < 3.5 ? 2 * power : raw / power < 7.5 ? 5 * power : 10 * power;
        if (integer) step = Math.Max(step, 1);
        var ticks = new List<double>();
        for (double t = Math.Ceiling(lo / step) * step; t <= hi + step * 1e-9; t += step)
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return ticks;
    }

    static (double, double) Widen((double Min, double Max) range)
    {
        if (!double.IsFinite(range.Min) || !double.IsFinite(range.Max))
            throw new ArgumentException("The data has no finite values to plot.");
        double span = range.Max - range.Min;
        if (span <= 0) span = Math.Max(Math.Abs(range.Min), 1);
        return (range.Min - 0.05 * span, range.Max + 0.05 * span);
    }
}
