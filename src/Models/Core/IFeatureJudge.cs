namespace KernelGen.Models;

/// <summary>A judge that also gives its penultimate-layer features (for the Fréchet distance between image sets).</summary>
public interface IFeatureJudge : ISampleJudge
{
    /// <summary>Values per image that <see cref="Features"/> returns.</summary>
    int FeatureSize { get; }

    /// <summary>The features of each of <paramref name="count"/> images (count × rows·cols in) as count × <see cref="FeatureSize"/>.</summary>
    float[] Features(float[] images, int count);
}
