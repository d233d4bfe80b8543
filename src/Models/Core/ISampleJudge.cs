namespace KernelGen.Models;

/// <summary>Classifies generated images (e.g. to count the classes a sampler covers, or check conditional samples).</summary>
public interface ISampleJudge
{
    /// <summary>The predicted class of each of <paramref name="count"/> images (count × rows·cols, values in [0, 1]).</summary>
    int[] Classify(float[] images, int count);
}
