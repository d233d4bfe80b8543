namespace KernelGen.Models.Gans;

/// <summary>A GAN whose generator sees only noise: samples from N(0, I) noise, and decodes given noise vectors.</summary>
public abstract class UnconditionalGan : GanModel, ISampler, IDecoder
{
    /// <summary>Validates and keeps the options.</summary>
    protected UnconditionalGan(AdversarialOptions options) : base(options) { }

    /// <inheritdoc/>
    public float[] Sample(int count, ulong seed) => Decode(HostNoise.Normal(HostArrays.Length(count, LatentSize, "noise vectors"), seed), count);

    /// <summary>The generator's images (values in [0, 1]) of <paramref name="count"/> noise vectors (count × <see cref="GanModel.LatentSize"/>).</summary>
    public float[] Decode(ReadOnlySpan<float> latents, int count) => Generate(latents, count, default);
}
