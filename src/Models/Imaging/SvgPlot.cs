using System.Globalization;
using System.Text;

namespace KernelGen.Models.Imaging;

/// <summary>One line of a <see cref="SvgPlot.Lines"/> plot.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="X">X values.</param>
/// <param name="Y">Y values, as many as <paramref name="X"/>; non-finite points break the line.</param>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>A series over x = 0, 1, 2, … (e.g. a loss per epoch).</summary>
    public static LineSeries Of(string name, IReadOnlyList<double> y) =>
        new(name, Enumerable.Range(0, y.Count).Select(i => (double)i).ToArray(), y);
}

/// <summary>Small self-contained SVG plots: a 2-D scatter coloured by label (latent spaces) and line plots
/// (loss curves), each with axes and a legend.</summary>
public static class SvgPlot
{
    /// <summary>A scatter plot of (x[i], y[i]) coloured by labels[i], with one legend entry per label present.</summary>
    /// <param name="x">X coordinates.</param>
    /// <param name="y">Y coordinates, as many as x.</param>
    /// <param name="labels">A label ≥ 0 per point, as many as x.</param>
    /// <param name="title">Title above the plot.</param>
    /// <param name="classNames">Legend text per label; the label number when null or too short.</param>
    /// <param name="xLabel">X axis caption.</param>
    /// <param name="yLabel">Y axis caption.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static string Scatter(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<int> labels, string title = "",
        IReadOnlyList<string>? classNames = null, string xLabel = "", string yLabel = "", int width = 720, int height = 540)
    {
        if (y.Length != x.Length || labels.Length != x.Length)
            throw new ArgumentException($"Scatter needs as many y values and labels as x values: x {x.Length}, y {y.Length}, labels {labels.Length}.");
        double x0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y0 = x0, y1 = x1;
        int maxLabel = -1;
        for (int i = 0; i < x.Length; i++)
        {
            if (labels[i] < 0) throw new ArgumentException($"Label {labels[i]} of point {i} is negative.", nameof(labels));
            if (!float.IsFinite(x[i]) || !float.IsFinite(y[i])) continue;
            (x0, x1, y0, y1) = (Math.Min(x0, x[i]), Math.Max(x1, x[i]), Math.Min(y0, y[i]), Math.Max(y1, y[i]));
            maxLabel = Math.Max(maxLabel, labels[i]);
        }
        var frame = new SvgFrame(width, height, (x0, x1), (y0, y1), title, xLabel, yLabel);
        var present = new bool[maxLabel + 1];
        for (int i = 0; i < x.Length; i++)
        {
            if (!float.IsFinite(x[i]) || !float.IsFinite(y[i])) continue;
            frame.Circle(x[i], y[i], Colour(labels[i]));
            present[labels[i]] = true;
        }
        var legend = new List<(string, string)>();
        for (int l = 0; l <= maxLabel; l++)
            if (present[l]) legend.Add((classNames is not null && l < classNames.Count ? classNames[l] : l.ToString(CultureInfo.InvariantCulture), Colour(l)));
        frame.Legend(legend);
        return frame.Finish();
    }

    /// <summary>A line plot of one or more series (e.g. training and test loss), with a legend.</summary>
    /// <param name="series">The lines.</param>
    /// <param name="title">Title above the plot.</param>
    /// <param name="xLabel">X axis caption.</param>
    /// <param name="yLabel">Y axis caption.</param>
    /// <param name="integerX">Ticks on the x axis at whole numbers only, for a count such as epochs (no tick at 1.5).</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static string Lines(IReadOnlyList<LineSeries> series, string title = "", string xLabel = "", string yLabel = "",
        bool integerX = false, int width = 720, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0) throw new ArgumentException("A line plot needs at least one series.", nameof(series));
        double x0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y0 = x0, y1 = x1;
        foreach (var s in series)
        {
            if (s.X.Count != s.Y.Count)
                throw new ArgumentException($"Series '{s.Name}' has {s.X.Count} x values but {s.Y.Count} y values.", nameof(series));
            for (int i = 0; i < s.X.Count; i++)
                if (double.IsFinite(s.X[i]) && double.IsFinite(s.Y[i]))
                    (x0, x1, y0, y1) = (Math.Min(x0, s.X[i]), Math.Max(x1, s.X[i]), Math.Min(y0, s.Y[i]), Math.Max(y1, s.Y[i]));
        }
        var frame = new SvgFrame(width, height, (x0, x1), (y0, y1), title, xLabel, yLabel, integerX);
        var legend = new List<(string, string)>();
        for (int k = 0; k < series.Count; k++)
        {
            var s = series[k];
            var path = new StringBuilder();
            bool pen = false;
            for (int i = 0; i < s.X.Count; i++)
            {
                if (!double.IsFinite(s.X[i]) || !double.IsFinite(s.Y[i])) { pen = false; continue; }
                path.Append(CultureInfo.InvariantCulture, $"{(pen ? 'L' : 'M')}{frame.X(s.X[i]):0.##},{frame.Y(s.Y[i]):0.##} ");
                pen = true;
            }
            frame.Raw($"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{Colour(k)}\" stroke-width=\"1.5\"/>");
            legend.Add((s.Name, Colour(k)));
        }
        frame.Legend(legend);
        return frame.Finish();
    }

    /// <summary>Writes an SVG document to a file, creating its folder.</summary>
    public static void Save(string path, string svg)
    {
        KernelGen.Graph.Checkpoints.AtomicFile.WriteText(path, svg);
    }

    static string Colour(int index) => SvgFrame.Palette[index % SvgFrame.Palette.Length];
}
