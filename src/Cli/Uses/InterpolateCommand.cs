using System.CommandLine;
using KernelGen.Models;
using KernelGen.Models.Imaging;
using KernelGen.Models.Uses;

namespace KernelGen.Cli;

/// <summary>
/// <c>kernelgen interpolate</c>: a strip decoded along the line between the latents of two test images, shown between
/// those two images (original | strip | original), or, for a generator without an encoder (a GAN), along the slerp
/// path between two noise draws of <c>--seed</c> (no real images to show at the ends).
/// </summary>
internal static class InterpolateCommand
{
    public static Command Create()
    {
        var o = new UseOptions();
        var from = new Option<string>("--from") { Description = $"First image: {ImageRef.Accepted}.", DefaultValueFactory = _ => "class:0" };
        var to = new Option<string?>("--to") { Description = $"Last image: {ImageRef.Accepted} (default: the last class)." };
        var steps = NumberOption.Integer("--steps", 2, 1000, 10, "Images in the strip, both ends included.");
        var seed = NumberOption.Integer("--seed", ulong.MinValue, ulong.MaxValue, 7UL, "Seed of the two noise draws, for a model without an encoder (a GAN).");
        var command = o.Command("interpolate", "Interpolate in latent space between two test images, or between two noise draws for a GAN (PNG strip).", usesData: true);
        command.Add(from);
        command.Add(to);
        command.Add(steps);
        command.Add(seed);
        return command.WithAction(o, (parse, s) =>
        {
            var test = s.Data.Test;
            int n = parse.GetValue(steps);
            var path = s.OutputFile("interpolation.png");
            if (s.Model is not ILatentModel && s.Model is IDecoder generator)
            {
                if (parse.GetResult(from) is { Implicit: false } || parse.GetResult(to) is { Implicit: false })
                    throw new ArgumentException($"Model '{s.Model.Kind}' has no encoder, so it interpolates between noise draws (--seed), not test images (--from, --to).");
                var noise = HostNoise.Normal(2 * generator.LatentSize, parse.GetValue(seed));
                var latents = LatentSpace.Path(noise.AsSpan(0, generator.LatentSize), noise.AsSpan(generator.LatentSize), n, spherical: true);
                ImageGrid.SavePng(path, generator.Decode(latents, n), test.Rows, test.Cols, columns: n);
                UseCommands.Wrote($"interpolation between two noise draws (seed {parse.GetValue(seed)}) in {n} steps, no real images at the ends (the model has no encoder)", path);
                return;
            }
            int a = ImageRef.Resolve(parse.GetValue(from)!, test, "--from");
            int b = ImageRef.Resolve(parse.GetValue(to) ?? $"class:{test.Classes - 1}", test, "--to");
            var strip = LatentSpace.Interpolate((ILatentModel)s.Model, test.Image(a), test.Image(b), n);
            ImageStrip.SavePng(path, [test.Image(a).ToArray(), strip, test.Image(b).ToArray()], test.Rows, test.Cols);
            UseCommands.Wrote($"interpolation from test image {a} (class {test.Labels[a]}) to {b} (class {test.Labels[b]}) in {n} steps, between the two originals", path);
        });
    }
}
