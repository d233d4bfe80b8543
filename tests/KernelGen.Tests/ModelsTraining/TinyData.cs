using KernelGen.Models.Data;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>Small slices of the embedded MNIST digits, so model tests train briefly on real data.</summary>
internal static class TinyData
{
    private static readonly Lazy<DataSplits> Full = new(Mnist.LoadEmbedded);

    public static DataSplits Digits(int train, int test) => new(Slice(Full.Value.Train, train), Slice(Full.Value.Test, test));

    public static Dataset Slice(Dataset d, int count) =>
        new($"{d.Name}[..{count}]", d.Images[..(count * d.PixelsPerImage)], d.Labels[..count], d.Rows, d.Cols, d.Classes);
}
