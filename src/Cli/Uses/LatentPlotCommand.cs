using System.CommandLine;
using KernelGen.Models;
using KernelGen.Models.Imaging;
using KernelGen.Models.Uses;

namespace KernelGen.Cli;

/// <summary><c>kernelgen latent-plot</c>: an SVG scatter of test latents coloured by class (PCA when the latent has more than 2 dimensions).</summary>
internal static class LatentPlotCommand
{
    public static Command Create()
    {
        var o = new UseOptions();
        var count = NumberOption.Integer("--count", 1, 100_000, 2000, "Test images to plot.");
        var command = o.Command("latent-plot", "Scatter of the test images' latents by class (SVG; the first two principal components when the latent has more than 2 dimensions).", usesData: true);
        command.Add(count);
        return command.WithAction(o, (parse, s) =>
        {
            var test = s.Data.Test;
            int n = Math.Min(parse.GetValue(count), test.Count);
            var model = (ILatentModel)s.Model;
            var title = $"{s.Model.Kind} latents{(model.LatentSize > 2 ? " (PCA)" : "")}, {n} test images of {test.Name}";
            var svg = LatentSpace.Scatter(model, test, n, title, s.ClassNames);
            var path = s.OutputFile("latent-plot.svg");
            SvgPlot.Save(path, svg);
            UseCommands.Wrote($"latent plot of {n} test images", path);
        });
    }
}
