using KernelGen.Models.Data;
using KernelGen.Models.Imaging;

namespace KernelGen.Tests.Models;

/// <summary>PNG output decodes: by the tests' own reader (signature, CRCs, inflate) and by external tools when
/// installed.</summary>
public sealed class PngWriterTests
{
    static byte[] Gradient(int width, int height, int channels) =>
        [.. Enumerable.Range(0, width * height * channels).Select(i => (byte)(i * 37 % 256))];

    [Test]
    public void CrcMatchesTheStandardCheckValue()
    {
        Assert.That(Crc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));
        Assert.That(PngCheck.BitwiseCrc("123456789"u8), Is.EqualTo(0xCBF43926u));
        Assert.That(Crc32.Append(Crc32.Compute("1234"u8), "56789"u8), Is.EqualTo(0xCBF43926u));
    }

    [TestCase(1, 1)]
    [TestCase(7, 3)]
    [TestCase(300, 41)]
    public void GrayRoundTrips(int width, int height)
    {
        byte[] pixels = Gradient(width, height, 1);
        var decoded = PngCheck.Decode(PngWriter.EncodeGray(pixels, width, height));
        Assert.That((decoded.Width, decoded.Height, decoded.Channels), Is.EqualTo((width, height, 1)));
        Assert.That(decoded.Pixels, Is.EqualTo(pixels));
        Assert.That(decoded.Chunks, Is.EqualTo(new[] { "IHDR", "IDAT", "IEND" }));
    }

    [Test]
    public void RgbRoundTrips()
    {
        byte[] pixels = Gradient(13, 5, 3);
        var decoded = PngCheck.Decode(PngWriter.EncodeRgb(pixels, 13, 5));
        Assert.That((decoded.Width, decoded.Height, decoded.Channels), Is.EqualTo((13, 5, 3)));
        Assert.That(decoded.Pixels, Is.EqualTo(pixels));
    }

    [Test]
    public void FloatsToBytes()
    {
        var bytes = new byte[6];
        PngWriter.ToBytes([-1f, 0f, 0.5f, 1f, 7f, float.NaN], bytes);
        Assert.That(bytes, Is.EqualTo(new byte[] { 0, 0, 128, 255, 255, 0 }));
        Assert.Throws<ArgumentException>(() => PngWriter.ToBytes([1f], new byte[2]));
    }

    [Test]
    public void BadSizes()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => PngWriter.EncodeGray(new byte[5], 2, 3))!.Message, Does.Contain("needs 6 bytes, found 5"));
        Assert.That(Assert.Throws<ArgumentException>(() => PngWriter.EncodeRgb(new byte[6], 2, 3))!.Message, Does.Contain("RGB").And.Contain("18"));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngWriter.EncodeGray([], 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngWriter.EncodeRgb([], 1, -1));
    }

    [Test]
    public void FileCommandRecognisesThePng()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kernelgen-png-{Guid.NewGuid():N}.png");
        try
        {
            PngWriter.WriteRgb(path, Gradient(9, 4, 3), 9, 4);
            var result = PngCheck.Run("file", "-b", path);
            if (result is null) Assert.Ignore("`file` is not installed");
            Assert.That(result!.Value.Stdout, Does.Contain("PNG image data, 9 x 4, 8-bit/color RGB"));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void ExternalDecoderReadsAnMnistGrid()
    {
        var test = Mnist.LoadEmbedded().Test;
        string path = Path.Combine(Path.GetTempPath(), $"kernelgen-grid-{Guid.NewGuid():N}.png");
        try
        {
            ImageGrid.SavePng(path, test.Images.AsSpan(0, 16 * 784), 28, 28, columns: 4);
            var (expected, width, height) = ImageGrid.Compose(test.Images.AsSpan(0, 16 * 784), 28, 28, columns: 4);
            var pillow = PngCheck.DecodeWithPillow(path);
            if (pillow is not null)
            {
                Assert.That((pillow.Value.Mode, pillow.Value.Width, pillow.Value.Height), Is.EqualTo(("L", width, height)));
                Assert.That(pillow.Value.Pixels, Is.EqualTo(expected));
                return;
            }
            if (PngCheck.Run("pngcheck", path) is { } ok)
            {
                Assert.That(ok.Stdout, Does.Contain("OK"));
                return;
            }
            if (PngCheck.Run("identify", path) is { } id)
            {
                Assert.That(id.Stdout, Does.Contain($"PNG {width}x{height}"));
                return;
            }
            Assert.Ignore("no external PNG decoder installed (python3 Pillow, pngcheck or ImageMagick identify); the built-in check still ran in the other tests");
        }
        finally { File.Delete(path); }
    }
}
