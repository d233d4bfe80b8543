namespace KernelGen.Models.Measurements;

/// <summary>Judges generated images by classifying them (e.g. a classifier trained on the real data).</summary>
public interface ISampleJudge
{
    /// <summary>The predicted class of each of <paramref name="count"/> images (count × rows·cols, values in [0, 1]).</summary>
    int[] Classify(float[] images, int count);
}

/// <summary>Where the measurements find a judge for a dataset.</summary>
public static class SampleJudges
{
    /// <summary>
    /// The judge for <paramref name="dataset"/> in <paramref name="context"/>, or null when none is available (the
    /// quality lines that need one are then reported as not judged). A stub until the classifier measurement lands
    /// and <see cref="MeasurementContext"/> carries its judges.
    /// </summary>
    public static ISampleJudge? For(MeasurementContext context, string dataset) => null;
}
