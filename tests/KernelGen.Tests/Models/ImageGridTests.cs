using KernelGen.Models.Imaging;

namespace KernelGen.Tests.Models;

public sealed class ImageGridTests
{
    [Test]
    public void LaysOutImagesWithPadding()
    {
        // five 2×3 images, image n all n/4; 3 columns, padding 1, background 0
        float[] images = [.. Enumerable.Range(0, 5).SelectMany(n => Enumerable.Repeat(n / 4f, 6))];
        var (pixels, width, height) = ImageGrid.Compose(images, 2, 3, columns: 3, padding: 1, background: 0f);
        Assert.That((width, height), Is.EqualTo((3 * 4 + 1, 2 * 3 + 1)));
        byte At(int x, int y) => pixels[y * width + x];
        Assert.That(At(0, 0), Is.Zero);
        Assert.That(At(1, 1), Is.EqualTo(0));              // image 0
        Assert.That(At(5, 2), Is.EqualTo(64));             // image 1 (0.25)
        Assert.That(At(9, 1), Is.EqualTo(128));            // image 2
        Assert.That(At(1, 4), Is.EqualTo(191));            // image 3 (0.75)
        Assert.That(At(7, 5), Is.EqualTo(255));            // image 4, second row of it
        Assert.That(At(11, 4), Is.Zero);                   // empty cell
        Assert.That(At(4, 1), Is.Zero);                    // padding between columns
    }

    [Test]
    public void DefaultColumnsAreSquareish()
    {
        var (_, width, height) = ImageGrid.Compose(new float[10 * 4], 2, 2, padding: 0);
        Assert.That((width, height), Is.EqualTo((8, 6)));  // 4 columns × 3 rows
        var (_, w1, h1) = ImageGrid.Compose(new float[2 * 4], 2, 2, columns: 10, padding: 0);
        Assert.That((w1, h1), Is.EqualTo((4, 2)));         // columns capped at the image count
    }

    [Test]
    public void SavesADecodablePng()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kernelgen-{Guid.NewGuid():N}", "grid.png");
        try
        {
            float[] images = [.. Enumerable.Range(0, 4 * 9).Select(i => i / 35f)];
            ImageGrid.SavePng(path, images, 3, 3, padding: 1);
            var (expected, width, height) = ImageGrid.Compose(images, 3, 3, padding: 1);
            var decoded = PngCheck.Decode(File.ReadAllBytes(path));
            Assert.That((decoded.Width, decoded.Height, decoded.Channels), Is.EqualTo((width, height, 1)));
            Assert.That(decoded.Pixels, Is.EqualTo(expected));
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, true); }
    }

    [Test]
    public void BadInput()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => ImageGrid.Compose(new float[7], 2, 3))!.Message, Does.Contain("7 floats").And.Contain("2×3"));
        Assert.Throws<ArgumentException>(() => ImageGrid.Compose([], 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Compose(new float[6], 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Compose(new float[6], 2, 3, columns: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Compose(new float[6], 2, 3, padding: -1));
    }
}
