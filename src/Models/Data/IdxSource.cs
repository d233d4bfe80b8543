using System.Buffers.Binary;
using System.IO.Compression;

namespace KernelGen.Models.Data;

/// <summary>
/// The content of an IDX file read forward once: raw, or inflated when the file starts with the gzip header
/// <c>1f 8b</c>. It keeps the offset in the (decompressed) content, so that every defect names it, and it never
/// holds more than what the file really contains up to what its header declares: a header that claims gigabytes in
/// a small file, or a gzip stream that inflates without end, fails without allocating for the claim.
/// </summary>
internal sealed class IdxSource : IDisposable
{
    private const int FirstChunkBytes = 1 << 20;

    // Bytes after the declared data are counted only up to here, so that an endless gzip stream after valid data
    // fails quickly too.
    private const int MaxExtraBytesCounted = 1 << 20;

    private readonly Stream _content;
    private readonly string _name;

    private IdxSource(Stream content, string name) => (_content, _name) = (content, name);

    /// <summary>Bytes of content read so far: the offset of the next byte.</summary>
    public long Offset { get; private set; }

    /// <summary>Opens <paramref name="stream"/> (left open on dispose); <paramref name="name"/> names it in errors.</summary>
    public static IdxSource Open(Stream stream, string name)
    {
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        long origin = stream.Position;
        Span<byte> start = stackalloc byte[2];
        bool gzip = stream.ReadAtLeast(start, 2, throwOnEndOfStream: false) == 2 && start[0] == 0x1f && start[1] == 0x8b;
        stream.Position = origin;
        return new IdxSource(gzip ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : stream, name);
    }

    /// <summary>
    /// Reads the header: the magic number, which must be <paramref name="magic"/> (<paramref name="what"/> describes
    /// it), then its dimensions (the magic's low byte counts them), each a big-endian size below 2^31.
    /// </summary>
    public int[] ReadHeader(int magic, string what)
    {
        var magicBytes = new byte[4];
        int got = ReadUpTo(magicBytes);
        if (got < magicBytes.Length)
            throw IdxReader.Invalid(_name, $"the file is truncated: expected at least 4 bytes of magic number at offset 0, found {got} bytes");
        int found = BinaryPrimitives.ReadInt32BigEndian(magicBytes);
        if (found != magic)
            throw IdxReader.Invalid(_name, $"magic number 0x{found:X8} at offset 0 is not 0x{magic:X8} for {what}{Hint(found)}");
        var sizes = new byte[4 * (magic & 0xff)];
        got = ReadUpTo(sizes);
        if (got < sizes.Length)
            throw IdxReader.Invalid(_name, $"the file is truncated: expected {4 + sizes.Length} header bytes, found {4 + got}");
        var dims = new int[sizes.Length / 4];
        for (int d = 0; d < dims.Length; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * d));
            if (dims[d] < 0)
                throw IdxReader.Invalid(_name, $"dimension {d} at offset {4 + 4 * d} is {(uint)dims[d]}, too large; expected at most {int.MaxValue}");
        }
        return dims;
    }

    /// <summary>
    /// Reads the rest of the content, which must be exactly <paramref name="count"/> bytes (at most
    /// <see cref="Array.MaxLength"/>); <paramref name="what"/> describes them for errors.
    /// </summary>
    public byte[] ReadToEnd(long count, string what)
    {
        long start = Offset, expected = start + count;
        var data = new byte[Math.Min(count, FirstChunkBytes)];
        int filled = 0;
        while (filled < count)
        {
            if (filled == data.Length) Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
            int n = Read(data.AsSpan(filled));
            if (n == 0)
                throw IdxReader.Invalid(_name, $"the file is truncated: {what} need {expected} bytes, found {Offset} (data ends at offset {Offset})");
            filled += n;
        }
        long extra = CountExtraBytes();
        if (extra > MaxExtraBytesCounted)
            throw IdxReader.Invalid(_name, $"it has more than {MaxExtraBytesCounted} extra bytes after {what}, from offset {expected} (expected {expected} bytes)");
        if (extra > 0)
            throw IdxReader.Invalid(_name, $"it has {extra} extra bytes after {what}, from offset {expected} (expected {expected} bytes, found {expected + extra})");
        return data;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_content is GZipStream) _content.Dispose();
    }

    private long CountExtraBytes()
    {
        var scratch = new byte[1 << 16];
        long extra = 0;
        for (int n; extra <= MaxExtraBytesCounted && (n = Read(scratch)) > 0;) extra += n;
        return extra;
    }

    private int ReadUpTo(Span<byte> buffer)
    {
        int total = 0;
        for (int n; total < buffer.Length && (n = Read(buffer[total..])) > 0;) total += n;
        return total;
    }

    private int Read(Span<byte> buffer)
    {
        try
        {
            int n = _content.Read(buffer);
            Offset += n;
            return n;
        }
        catch (InvalidDataException e) // GZipStream's, which names neither the file nor where
        {
            throw IdxReader.Invalid(_name, $"the gzip data is corrupt after offset {Offset} of the decompressed data ({e.Message})", e);
        }
    }

    private static string Hint(int found) => found switch
    {
        IdxReader.ImagesMagic => " (this is an image file)",
        IdxReader.LabelsMagic => " (this is a label file)",
        _ when (found & ~0xff) == 0x800 => $" (unsigned bytes with {found & 0xff} dimensions)",
        _ => " (not an IDX unsigned-byte file)",
    };
}
