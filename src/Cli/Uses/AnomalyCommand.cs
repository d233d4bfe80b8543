using System.CommandLine;
using System.Globalization;
using KernelGen.Graph.Checkpoints;
using KernelGen.Models;
using KernelGen.Models.Imaging;
using Spectre.Console;

namespace KernelGen.Cli;

/// <summary>
/// <c>kernelgen anomaly</c>: scores every test image by its reconstruction error (mean squared error per pixel);
/// writes all scores, highest first, to a CSV, the most anomalous with their reconstructions to a PNG, and shows them in a table.
/// </summary>
internal static class AnomalyCommand
{
    /// <summary>The first line of the scores CSV.</summary>
    public const string CsvHeader = "rank,index,label,score";

    public static Command Create()
    {
        var o = new UseOptions();
        var top = NumberOption.Integer("--top", 1, 1000, 10, "Most anomalous images to show (table and PNG).");
        var command = o.Command("anomaly", "Score test images by reconstruction error: a table of the most anomalous, all scores as CSV, and a PNG of the worst.", usesData: true);
        command.Add(top);
        return command.WithAction(o, (parse, s) =>
        {
            var test = s.Data.Test;
            int k = Math.Min(parse.GetValue(top), test.Count);
            int pixels = test.PixelsPerImage;
            var recon = ((IReconstructor)s.Model).Reconstruct(test.Images, test.Count);
            var scores = new double[test.Count];
            for (int i = 0; i < test.Count; i++)
            {
                double sum = 0;
                for (int p = 0; p < pixels; p++)
                {
                    double d = test.Images[i * pixels + p] - recon[i * pixels + p];
                    sum += d * d;
                }
                scores[i] = sum / pixels;
            }
            var order = Enumerable.Range(0, test.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
            var outputs = s.OutputFiles("anomaly", ".csv", ".png");
            var (csv, png) = (outputs[0], outputs[1]);
            AtomicFile.WriteText(csv, string.Join("\n", order.Select((i, rank) => string.Create(CultureInfo.InvariantCulture, $"{rank + 1},{i},{test.Labels[i]},{scores[i]:R}"))
                .Prepend(CsvHeader)) + "\n");
            var worst = new float[k * pixels];
            var worstRecon = new float[k * pixels];
            for (int r = 0; r < k; r++)
            {
                test.Image(order[r]).CopyTo(worst.AsSpan(r * pixels));
                recon.AsSpan(order[r] * pixels, pixels).CopyTo(worstRecon.AsSpan(r * pixels));
            }
            var (grid, columns) = PairGrid.Interleave(worst, worstRecon, k, pixels, perRow: 10);
            ImageGrid.SavePng(png, grid, test.Rows, test.Cols, columns);

            double mean = scores.Average();
            var table = new Table().Title($"Most anomalous of {test.Count} test images of {test.Name} (mean score {mean:G4})")
                .AddColumns("rank", "index", "label", "score (MSE/pixel)", "× mean");
            for (int r = 0; r < k; r++)
            {
                int i = order[r];
                table.AddRow((r + 1).ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture),
                    test.Labels[i].ToString(CultureInfo.InvariantCulture), scores[i].ToString("G4", CultureInfo.InvariantCulture),
                    (scores[i] / mean).ToString("F1", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            UseCommands.Wrote("all scores", csv);
            UseCommands.Wrote($"the {k} most anomalous (rows of originals above reconstructions)", png);
        });
    }
}
