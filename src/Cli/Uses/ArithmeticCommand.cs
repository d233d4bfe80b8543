using System.CommandLine;
using KernelGen.Models;
using KernelGen.Models.Imaging;
using KernelGen.Models.Uses;

namespace KernelGen.Cli;

/// <summary><c>kernelgen arithmetic</c>: test images of one class moved by z − mean(class A) + mean(class B).</summary>
internal static class ArithmeticCommand
{
    public static Command Create()
    {
        var o = new UseOptions();
        var minus = NumberOption.Integer("--minus", int.MinValue, int.MaxValue, 1, "Class A: the images are of this class, and its mean latent is subtracted.");
        var plus = NumberOption.Integer("--plus", int.MinValue, int.MaxValue, 7, "Class B: its mean latent is added.");
        var count = NumberOption.Integer("--count", 1, 1000, 8, "Images of class A to move.");
        var command = o.Command("arithmetic", "Latent arithmetic on class means: images of class A, then z - mean(A) + mean(B) decoded (PNG).", usesData: true);
        command.Add(minus);
        command.Add(plus);
        command.Add(count);
        return command.WithAction(o, (parse, s) =>
        {
            var test = s.Data.Test;
            int a = ImageRef.Class(parse.GetValue(minus), test, "--minus"), b = ImageRef.Class(parse.GetValue(plus), test, "--plus");
            int wanted = parse.GetValue(count);
            var indices = Enumerable.Range(0, test.Count).Where(i => test.Labels[i] == a).Take(wanted).ToArray();
            if (indices.Length == 0) throw new ArgumentException($"'{test.Name}' has no test image of class {a}.");
            var inputs = new float[indices.Length * test.PixelsPerImage];
            for (int k = 0; k < indices.Length; k++) test.Image(indices[k]).CopyTo(inputs.AsSpan(k * test.PixelsPerImage));
            var model = (ILatentModel)s.Model;
            var moved = LatentSpace.Arithmetic(model, inputs, indices.Length, LatentSpace.ClassMeans(model, test), a, b);
            var path = s.OutputFile($"arithmetic-{a}-to-{b}.png");
            ImageGrid.SavePng(path, inputs.Concat(moved).ToArray(), test.Rows, test.Cols, columns: indices.Length);
            UseCommands.Wrote($"{indices.Length} images of class {a} (top row) moved by mean({b}) - mean({a}) (bottom row)", path);
        });
    }
}
