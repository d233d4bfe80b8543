using KernelGen.Models.Imaging;

namespace KernelGen.Tests.Models;

public sealed class ImageStripTests
{
    [Test]
    public void GroupsArePartedByWhiteBars()
    {
        float[] a = [0f, 0f], middle = [0.2f, 0.2f, 0.4f, 0.4f, 0.6f, 0.6f], b = [1f, 1f];       // 1×2 images
        var (pixels, width, height) = ImageStrip.Compose([a, middle, b], rows: 1, cols: 2, padding: 1);
        Assert.That(width, Is.EqualTo(ImageStrip.Width(5, 3, 2, padding: 1)));
        Assert.That(width, Is.EqualTo(1 + 5 * 3 + 2 * (ImageStrip.SeparatorWidth + 1)));
        Assert.That(height, Is.EqualTo(3));
        int bar = 1 + 3;                                              // after A and its padding
        for (int y = 0; y < height; y++)
            Assert.That(pixels.AsSpan(y * width + bar, ImageStrip.SeparatorWidth).ToArray(), Has.All.EqualTo(255), $"bar, row {y}");
        Assert.That(pixels[width + 1], Is.EqualTo(0), "A");
        Assert.That(pixels[width + bar + ImageStrip.SeparatorWidth + 1], Is.EqualTo(PngByte(0.2f)), "first image of the middle group");
        Assert.That(pixels[width + width - 3], Is.EqualTo(255), "B");
        Assert.That(pixels[0], Is.EqualTo(PngByte(0.5f)), "padding");
    }

    [Test]
    public void BadInput()
    {
        Assert.Throws<ArgumentException>(() => ImageStrip.Compose([], 1, 2));
        Assert.That(Assert.Throws<ArgumentException>(() => ImageStrip.Compose([[0f, 0f], [0f]], 1, 2))!.Message, Does.Contain("Group 1"));
    }

    private static byte PngByte(float v)
    {
        Span<byte> b = [0];
        PngWriter.ToBytes([v], b);
        return b[0];
    }
}
