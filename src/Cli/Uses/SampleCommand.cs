using System.CommandLine;
using KernelGen.Models;
using KernelGen.Models.Imaging;

namespace KernelGen.Cli;

/// <summary><c>kernelgen sample</c>: a grid of generated images (of one class with <c>--class</c> for a conditional model).</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var o = new UseOptions();
        var count = NumberOption.Integer("--count", 1, 10_000, 64, "Images to generate.");
        var seed = NumberOption.Integer("--seed", ulong.MinValue, ulong.MaxValue, 7UL, "Seed of the noise.");
        var label = NumberOption.OptionalInteger("--class", int.MinValue, int.MaxValue, "Generate this class only (models that sample by class); default: every class in turn.");
        var command = o.Command("sample", "Generate a grid of images from a checkpoint (PNG).", usesData: false);
        command.Add(count);
        command.Add(seed);
        command.Add(label);
        return command.WithAction(o, (parse, s) =>
        {
            int n = parse.GetValue(count);
            ulong noise = parse.GetValue(seed);
            var m = s.Model;
            int? only = parse.GetValue(label);
            float[] images;
            int? columns = null;
            if (only is { } c || m is not ISampler)
            {
                if (m is not IConditionalSampler conditional)
                    throw new ArgumentException($"The '{m.Kind}' model of '{s.Checkpoint}' does not sample by class; leave out --class.");
                if (only is { } k && (k < 0 || k >= m.Classes)) throw new ArgumentException($"--class {k} is out of range; the model has classes 0..{m.Classes - 1}.");
                var labels = Enumerable.Range(0, n).Select(i => only ?? i % m.Classes).ToArray();
                images = conditional.Sample(labels, noise);
                if (only is null) columns = m.Classes;
            }
            else images = ((ISampler)m).Sample(n, noise);
            var path = s.OutputFile("samples.png");
            ImageGrid.SavePng(path, images, m.Rows, m.Cols, columns);
            UseCommands.Wrote($"{n} samples", path);
        });
    }
}
