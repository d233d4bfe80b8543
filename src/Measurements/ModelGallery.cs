using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.Imaging;
using KernelGen.Models.Uses;

namespace KernelGen.Measurements;

/// <summary>One picture of a trained model in docs/models.md, or why the model has none of that kind.</summary>
/// <param name="Model">The model's name as the measurement trained it, e.g. <c>ae-64</c>.</param>
/// <param name="Kind">One of <see cref="ModelGallery.Kinds"/>.</param>
/// <param name="Image">The image, relative to the output folder; null when the model has none of this kind.</param>
/// <param name="Caption">What the picture shows, or why there is none.</param>
public sealed record GalleryItem(string Model, string Kind, string? Image, string Caption);

/// <summary>
/// The four pictures the models issue asks of every model — a sample grid, reconstructions, an interpolation strip
/// and a latent plot — made from whatever the trained model can do (its capability interfaces):
/// <list type="bullet">
/// <item>samples: from the prior or noise (<see cref="ISampler"/>), one row per class (<see cref="IConditionalSampler"/>),
/// or, for an autoencoder without a prior, from a Gaussian fitted to its training latents;</item>
/// <item>reconstructions: test images and their reconstructions (<see cref="IReconstructor"/>,
/// <see cref="IConditionalLatentModel"/>), or completions of half images for an autoregressive model (<see cref="IImageCompleter"/>);</item>
/// <item>interpolation: between the latents of test images of two classes (<see cref="ILatentModel"/>), or between
/// noise draws (decoders without an encoder, by slerp; one row per class when conditional);</item>
/// <item>latent plot: test latents coloured by label (encoders), or a grid decoded from a plane through three noise
/// draws (decoders without an encoder).</item>
/// </list>
/// A kind the model cannot make is recorded with the reason (a GAN has no encoder, PixelCNN no latent variables).
/// </summary>
public static class ModelGallery
{
    /// <summary>The kinds of picture, in the order docs/models.md shows them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["samples", "reconstructions", "interpolation", "latent plot"];

    private const ulong Seed = 7;
    private const int Steps = 10;

    /// <summary>Class pairs of the interpolation strips of encoders (one strip per pair, from the first test image of each class).</summary>
    private static readonly (int From, int To)[] StripPairs = [(0, 9), (1, 7), (3, 8), (4, 6)];

    /// <summary>Writes the pictures of <paramref name="model"/> (named <paramref name="name"/>) trained on <paramref name="data"/>.</summary>
    public static IReadOnlyList<GalleryItem> Write(MeasurementContext ctx, string measurement, string dataset, string name, object model, DataSplits data)
    {
        var writer = new Writer(ctx, measurement, dataset, name, data.Test);
        return [Samples(writer, model, data.Train), Reconstructions(writer, model), Interpolation(writer, model), LatentPlot(writer, model)];
    }

    private static GalleryItem Samples(Writer w, object model, Dataset train) => model switch
    {
        ISampler s => w.Png("samples", s.Sample(64, Seed), 8, model switch
        {
            IImageCompleter => "64 samples, drawn pixel by pixel",
            ILatentModel => "64 decodings of draws from the prior N(0, I)",
            _ => "64 samples from N(0, I) noise",
        }),
        IConditionalSampler c => w.Png("samples", SampleQuality.ClassByRow(c, w.Test.Classes, 10, Seed), 10, "samples, one row per class"),
        ILatentModel l => w.Png("samples", LatentSpace.SampleFittedGaussian(l, train, 64, Seed), 8,
            "64 decodings of draws from a Gaussian fitted to 2,000 training latents (no prior of its own)"),
        _ => w.None("samples", "the model does not generate images"),
    };

    private static GalleryItem Reconstructions(Writer w, object model)
    {
        const int n = 16;
        var test = w.Test;
        var originals = test.Images.AsSpan(0, n * test.PixelsPerImage);
        return model switch
        {
            IReconstructor r => w.Png("reconstructions", Interleave(test, originals.ToArray(), r.Reconstruct(originals, n), n), 8,
                "16 test images, each followed by its reconstruction"),
            IConditionalLatentModel c => w.Png("reconstructions",
                Interleave(test, originals.ToArray(), c.Decode(c.Encode(originals, test.Labels.AsSpan(0, n)), test.Labels.AsSpan(0, n)), n), 8,
                "16 test images, each followed by its reconstruction (encoded and decoded with the true label)"),
            IImageCompleter p => w.Png("reconstructions", Completions(p, test), 5,
                "completions: the top half of a test image given (first column), three completions of the rest, the original (last)"),
            IDecoder or IConditionalDecoder => w.None("reconstructions", "no encoder: a GAN's generator maps noise to images and has no inverse"),
            _ => w.None("reconstructions", "the model does not reconstruct images"),
        };
    }

    private static GalleryItem Interpolation(Writer w, object model)
    {
        var test = w.Test;
        switch (model)
        {
            case ILatentModel l:
                var strips = StripPairs.Where(p => p.To < test.Classes)
                    .SelectMany(p => LatentSpace.Interpolate(l, LatentSpace.FirstOfClass(test, p.From), LatentSpace.FirstOfClass(test, p.To), Steps)).ToArray();
                return w.Png("interpolation", strips, Steps,
                    $"straight lines between the latents of the first test images of classes {string.Join(", ", StripPairs.Select(p => $"{p.From}→{p.To}"))}");
            case IDecoder d:
                return w.Png("interpolation", d.Decode(NoisePaths(d.LatentSize, 4), 4 * Steps), Steps, "four slerp paths between pairs of noise draws");
            case IConditionalDecoder c:
                var path = NoisePaths(c.LatentSize, 1);
                var latents = Enumerable.Range(0, test.Classes).SelectMany(_ => path).ToArray();
                var labels = Enumerable.Range(0, test.Classes * Steps).Select(i => i / Steps).ToArray();
                return w.Png("interpolation", c.Decode(latents, labels), Steps, "one slerp path between two noise draws, decoded with each class (one row per class)");
            default:
                return w.None("interpolation", "no latent variables: an autoregressive model has nothing to interpolate");
        }
    }

    private static GalleryItem LatentPlot(Writer w, object model)
    {
        var test = w.Test;
        int count = Math.Min(2000, test.Count);
        var images = test.Images.AsSpan(0, count * test.PixelsPerImage);
        var labels = test.Labels.AsSpan(0, count);
        switch (model)
        {
            case ILatentModel l:
                return w.Svg("latent plot", LatentSpace.Scatter(l.Encode(images, count), l.LatentSize, labels, $"{w.Name} latents, {w.Dataset} test set", w.ClassNames),
                    $"{count:N0} test latents coloured by label{(l.LatentSize > 2 ? " (first two principal components)" : "")}");
            case IConditionalLatentModel c:
                return w.Svg("latent plot", LatentSpace.Scatter(c.Encode(images, labels), c.LatentSize, labels, $"{w.Name} latents given the label, {w.Dataset} test set", w.ClassNames),
                    $"{count:N0} test latents (encoded with their labels) coloured by label; the label is given to the decoder, so the classes need not separate");
            case IDecoder d:
                return w.Png("latent plot", d.Decode(NoisePlane(d.LatentSize), Steps * Steps), Steps,
                    "the plane through three noise draws z0 (top left), z1 (top right), z2 (bottom left), decoded");
            case IConditionalDecoder c:
                int label = test.Classes - 1;
                return w.Png("latent plot", c.Decode(NoisePlane(c.LatentSize), Enumerable.Repeat(label, Steps * Steps).ToArray()), Steps,
                    $"the plane through three noise draws, decoded with class {label}");
            default:
                return w.None("latent plot", "no latent variables: an autoregressive model has no latent space");
        }
    }

    private static ReadOnlySpan<float> Row(float[] rows, int index, int width) => rows.AsSpan(index * width, width);

    /// <summary><paramref name="count"/> slerp paths of <see cref="Steps"/> latents, each between two fresh noise draws.</summary>
    private static float[] NoisePaths(int latentSize, int count)
    {
        var noise = HostNoise.Normal(2 * count * latentSize, Seed);
        return Enumerable.Range(0, count)
            .SelectMany(r => LatentSpace.Path(Row(noise, 2 * r, latentSize), Row(noise, 2 * r + 1, latentSize), Steps, spherical: true)).ToArray();
    }

    /// <summary>A <see cref="Steps"/> × <see cref="Steps"/> grid of latents on the plane through three noise draws.</summary>
    private static float[] NoisePlane(int latentSize)
    {
        var z = HostNoise.Normal(3 * latentSize, Seed);
        return LatentSpace.Plane(Row(z, 0, latentSize), Row(z, 1, latentSize), Row(z, 2, latentSize), Steps);
    }

    private static float[] Interleave(Dataset like, float[] a, float[] b, int n)
    {
        int pixels = like.PixelsPerImage;
        var pairs = new float[2 * n * pixels];
        for (int i = 0; i < n; i++)
        {
            a.AsSpan(i * pixels, pixels).CopyTo(pairs.AsSpan(2 * i * pixels));
            b.AsSpan(i * pixels, pixels).CopyTo(pairs.AsSpan((2 * i + 1) * pixels));
        }
        return pairs;
    }

    private static float[] Completions(IImageCompleter model, Dataset test)
    {
        const int images = 8, draws = 3;
        int pixels = test.PixelsPerImage, given = test.Rows / 2;
        var sheet = new float[images * (draws + 2) * pixels];
        for (int i = 0; i < images; i++)
        {
            var original = test.Image(i);
            var repeated = new float[draws * pixels];
            for (int k = 0; k < draws; k++) original.CopyTo(repeated.AsSpan(k * pixels));
            var completed = model.Complete(repeated, draws, given, Seed + (ulong)i);
            var row = sheet.AsSpan(i * (draws + 2) * pixels, (draws + 2) * pixels);
            completed.AsSpan(0, given * test.Cols).CopyTo(row);                 // the given half (the rest left black)
            completed.CopyTo(row.Slice(pixels));
            original.CopyTo(row.Slice((draws + 1) * pixels));
        }
        return sheet;
    }

    private sealed class Writer(MeasurementContext ctx, string measurement, string dataset, string name, Dataset test)
    {
        public Dataset Test => test;
        public string Name => name;
        public string Dataset => dataset;
        public IReadOnlyList<string>? ClassNames => dataset.StartsWith("fashion", StringComparison.OrdinalIgnoreCase) ? FashionMnist.ClassNames : null;

        public GalleryItem Png(string kind, float[] images, int columns, string caption)
        {
            var (full, relative) = ctx.OutputFile(measurement, dataset, FileName(kind, "png"));
            ImageGrid.SavePng(full, images, test.Rows, test.Cols, columns: columns);
            return new GalleryItem(name, kind, relative, caption);
        }

        public GalleryItem Svg(string kind, string svg, string caption)
        {
            var (full, relative) = ctx.OutputFile(measurement, dataset, FileName(kind, "svg"));
            SvgPlot.Save(full, svg);
            return new GalleryItem(name, kind, relative, caption);
        }

        public GalleryItem None(string kind, string reason) => new(name, kind, null, reason);

        private string FileName(string kind, string extension) => $"{name}-{kind.Replace(' ', '-')}.{extension}";
    }
}
