using KernelGen.Models.Data;

namespace KernelGen.Tests.Models;

/// <summary>The IDX reader on small files written by the tests: valid raw and gzip files, and each defect.</summary>
public sealed class IdxReaderTests
{
    IdxFiles _files = null!;

    [SetUp] public void Create() => _files = new IdxFiles();
    [TearDown] public void Remove() => _files.Dispose();

    [TestCase(false)]
    [TestCase(true)]
    public void ReadsImagesAndLabels(bool gzip)
    {
        byte[] images = IdxFiles.SampleImages(), labels = IdxFiles.SampleLabels();
        if (gzip) (images, labels) = (IdxFiles.Gzip(images), IdxFiles.Gzip(labels));
        var read = IdxReader.ReadImages(_files.Write("img", images));
        Assert.That((read.Count, read.Rows, read.Cols), Is.EqualTo((3, 2, 3)));
        Assert.That(read.Pixels, Has.Length.EqualTo(18));
        Assert.That(read.Pixels[0], Is.EqualTo(0f));
        Assert.That(read.Pixels[7], Is.EqualTo(11 / 255f));
        Assert.That(IdxReader.ReadLabels(_files.Write("lbl", labels), classes: 3), Is.EqualTo(new[] { 2, 0, 1 }));
    }

    [Test]
    public void FullRangeOfBytesMapsToZeroOne()
    {
        var read = IdxReader.ReadImages(_files.Write("img", IdxFiles.Images([0, 128, 255, 1], 1, 2, 2)));
        Assert.That(read.Pixels, Is.EqualTo(new[] { 0f, 128 / 255f, 1f, 1 / 255f }));
    }

    [Test]
    public void WrongMagicNamesFileAndOffset()
    {
        string labels = _files.Write("labels", IdxFiles.SampleLabels());
        var ex = Assert.Throws<FileFormatException>(() => IdxReader.ReadImages(labels))!;
        Assert.That(ex.Message, Does.Contain(labels).And.Contain("0x00000801").And.Contain("0x00000803")
            .And.Contain("offset 0").And.Contain("label file"));
        string images = _files.Write("images", IdxFiles.SampleImages());
        Assert.That(Assert.Throws<FileFormatException>(() => IdxReader.ReadLabels(images))!.Message,
            Does.Contain("0x00000803").And.Contain("image file"));
        string text = _files.Write("text", "hello world"u8.ToArray());
        Assert.That(Assert.Throws<FileFormatException>(() => IdxReader.ReadImages(text))!.Message,
            Does.Contain("not an IDX"));
    }

    [Test]
    public void TruncatedImagesReportExpectedAndActualBytes()
    {
        byte[] full = IdxFiles.SampleImages();
        string cut = _files.Write("cut", full[..^5]);
        var ex = Assert.Throws<FileFormatException>(() => IdxReader.ReadImages(cut))!;
        Assert.That(ex.Message, Does.Contain(cut).And.Contain("truncated").And.Contain("need 34 bytes, found 29")
            .And.Contain("offset 29"));
        string gz = _files.Write("cut.gz", IdxFiles.Gzip(full[..^5]));
        Assert.That(Assert.Throws<FileFormatException>(() => IdxReader.ReadImages(gz))!.Message, Does.Contain("found 29"));
    }

    [Test]
    public void TruncatedHeaderAndLabels()
    {
        string header = _files.Write("header", IdxFiles.SampleImages()[..10]);
        Assert.That(Assert.Throws<FileFormatException>(() => IdxReader.ReadImages(header))!.Message,
            Does.Contain("expected 16 header bytes, found 10"));
        string tiny = _files.Write("tiny", [0, 0]);
        Assert.That(Assert.Throws<FileFormatException>(() => IdxReader.ReadLabels(tiny))!.Message, Does.Contain("truncated"));
        string labels = _files.Write("labels", IdxFiles.SampleLabels()[..^1]);
        Assert.That(Assert.Throws<FileFormatException>(() => IdxReader.ReadLabels(labels))!.Message,
            Does.Contain("3 labels need 11 bytes, found 10"));
    }

    [Test]
    public void ExtraBytesAreReported()
    {
        string path = _files.Write("long", [.. IdxFiles.SampleLabels(), 7, 7]);
        Assert.That(Assert.Throws<FileFormatException>(() => IdxReader.ReadLabels(path))!.Message,
            Does.Contain("2 extra bytes").And.Contain("offset 11"));
    }

    [Test]
    public void CorruptGzipNamesFile()
    {
        byte[] gz = IdxFiles.Gzip(IdxFiles.SampleImages());
        gz[12] ^= 0xff;
        gz[13] ^= 0x5a;
        string path = _files.Write("bad.gz", gz[..^4]);
        var ex = Assert.Throws<FileFormatException>(() => IdxReader.ReadImages(path))!;
        Assert.That(ex.Message, Does.Contain(path));
    }

    [Test]
    public void LabelOutsideClassRange()
    {
        string path = _files.Write("labels", IdxFiles.Labels(1, 9, 3));
        Assert.That(IdxReader.ReadLabels(path), Is.EqualTo(new[] { 1, 9, 3 }));
        var ex = Assert.Throws<FileFormatException>(() => IdxReader.ReadLabels(path, classes: 5))!;
        Assert.That(ex.Message, Does.Contain(path).And.Contain("label 9 of item 1 (offset 9)").And.Contain("0..4"));
        Assert.Throws<ArgumentOutOfRangeException>(() => IdxReader.ReadLabels(path, classes: 0));
    }

    [Test]
    public void EmptyImagesAndMissingFile()
    {
        string empty = _files.Write("empty", IdxFiles.Images([], 4, 0, 28));
        Assert.That(Assert.Throws<FileFormatException>(() => IdxReader.ReadImages(empty))!.Message, Does.Contain("0×28"));
        string huge = _files.Write("huge", IdxFiles.Header(0x803, -1, 28, 28));
        Assert.That(Assert.Throws<FileFormatException>(() => IdxReader.ReadImages(huge))!.Message, Does.Contain("too large"));
        Assert.Throws<FileNotFoundException>(() => IdxReader.ReadImages(Path.Combine(_files.Folder, "none")));
    }

    [Test]
    public void SizesWhoseProductOverflowsAreRejectedWithoutAllocating()
    {
        string path = _files.Write("huge", IdxFiles.Header(0x803, int.MaxValue, int.MaxValue, int.MaxValue));
        var ex = Assert.Throws<FileFormatException>(() => IdxReader.ReadImages(path))!;
        Assert.That(ex.Message, Does.Contain(path).And.Contain("2147483647 images of 2147483647×2147483647")
            .And.Contain("9903520300447984150353281023 pixels, too many to load").And.Contain($"at most {Array.MaxLength}"));
        string labels = _files.Write("labels", IdxFiles.Header(0x801, int.MaxValue));
        Assert.That(Assert.Throws<FileFormatException>(() => IdxReader.ReadLabels(labels))!.Message,
            Does.Contain("2147483647 labels (count at offset 4) are too many to load"));
    }

    [Test]
    public void LargeClaimInASmallFileIsTruncation()
    {
        string path = _files.Write("claims", IdxFiles.Images([1, 2, 3], 1000, 1000, 1000));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<FileFormatException>(() => IdxReader.ReadImages(path))!;
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(16 << 20), "allocated for the claim");
        Assert.That(ex.Message, Does.Contain("truncated: 1000 images of 1000×1000 need 1000000016 bytes, found 19 (data ends at offset 19)"));
    }

    [Test]
    public void EndlessGzipAfterTheDataStopsEarly()
    {
        byte[] bomb = IdxFiles.Gzip([.. IdxFiles.SampleLabels(), .. new byte[64 << 20]]);
        string path = _files.Write("bomb.gz", bomb);
        var ex = Assert.Throws<FileFormatException>(() => IdxReader.ReadLabels(path))!;
        Assert.That(ex.Message, Does.Contain(path).And.Contain("more than 1048576 extra bytes after 3 labels, from offset 11"));
    }

    [Test]
    public void CorruptGzipNamesTheOffset()
    {
        byte[] gz = IdxFiles.Gzip([.. IdxFiles.SampleLabels(), .. Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 >> 3))]);
        gz[^6] ^= 0x55; // the CRC-32 of the trailer
        string path = _files.Write("crc.gz", gz);
        var ex = Assert.Throws<FileFormatException>(() => IdxReader.ReadLabels(path))!;
        Assert.That(ex.Message, Does.StartWith($"IDX file '{path}': the gzip data is corrupt after offset "));
    }

    [Test]
    public void StreamsThatCannotSeekAreRead()
    {
        var read = IdxReader.ReadImages(new ForwardOnlyStream(IdxFiles.Gzip(IdxFiles.SampleImages())), "piped");
        Assert.That((read.Count, read.Rows, read.Cols), Is.EqualTo((3, 2, 3)));
        var ex = Assert.Throws<FileFormatException>(() => IdxReader.ReadLabels(new ForwardOnlyStream([0, 0, 8]), "piped"))!;
        Assert.That(ex.Message, Does.StartWith("IDX file 'piped': the file is truncated"));
    }

    /// <summary>A stream that reads forward only, like a pipe.</summary>
    sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
