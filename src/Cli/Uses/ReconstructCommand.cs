using System.CommandLine;
using KernelGen.Models;
using KernelGen.Models.Imaging;

namespace KernelGen.Cli;

/// <summary><c>kernelgen reconstruct</c>: test images (rows of originals) above their reconstructions.</summary>
internal static class ReconstructCommand
{
    public static Command Create()
    {
        var o = new UseOptions();
        var count = NumberOption.Integer("--count", 1, 100_000, 16, "Test images to reconstruct (the first N of the test split).");
        var command = o.Command("reconstruct", "Reconstruct test images: originals above reconstructions (PNG).", usesData: true);
        command.Add(count);
        return command.WithAction(o, (parse, s) =>
        {
            var test = s.Data.Test;
            int n = Math.Min(parse.GetValue(count), test.Count);
            var originals = test.Images.AsSpan(0, n * test.PixelsPerImage);
            var recon = ((IReconstructor)s.Model).Reconstruct(originals, n);
            var (grid, columns) = PairGrid.Interleave(originals, recon, n, test.PixelsPerImage);
            var path = s.OutputFile("reconstructions.png");
            ImageGrid.SavePng(path, grid, test.Rows, test.Cols, columns);
            UseCommands.Wrote($"{n} originals and reconstructions", path);
        });
    }
}
