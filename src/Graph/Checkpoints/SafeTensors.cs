using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KernelGen.Graph.Checkpoints;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a UTF-8 JSON header mapping each tensor to
/// its dtype, shape and data_offsets (relative to the data section), an optional <c>__metadata__</c> map of
/// strings, then the raw little-endian data. Only F32 tensors are written and accepted.
/// </summary>
public static class SafeTensors
{
    /// <summary>The most header bytes a file may declare (100 MB, the reference implementation's limit).</summary>
    public const ulong MaxHeaderBytes = 100UL * 1000 * 1000;

    private const int LengthBytes = 8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Test hook: runs after the temporary file is complete, before it replaces the target (a crash here must lose nothing).</summary>
    internal static Action<string>? BeforeRename;

    /// <summary>A tensor as stored: shape and values.</summary>
    public sealed record Entry(int[] Shape, float[] Data);

    /// <summary>Writes the file atomically: a temporary file in the same folder, flushed to disk, then renamed over <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Entry> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        foreach (var (name, entry) in tensors)
        {
            if (name == SafeTensorsHeaderParser.MetadataKey) throw new ArgumentException($"'{name}' is the metadata key, not a tensor name.", nameof(tensors));
            if (entry.Shape.Any(d => d < 0) || SafeTensorsLayout.ElementCount(entry.Shape) != entry.Data.Length)
                throw new ArgumentException($"Tensor '{name}' of shape ({string.Join(", ", entry.Shape)}) has {entry.Data.Length} values.", nameof(tensors));
        }
        var header = new JsonObject();
        if (metadata.Count > 0) header[SafeTensorsHeaderParser.MetadataKey] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        long offset = 0;
        foreach (var (name, entry) in tensors)
        {
            long length = entry.Data.Length * 4L;
            header[name] = new JsonObject
            {
                ["dtype"] = SafeTensorsLayout.F32,
                ["shape"] = new JsonArray(entry.Shape.Select(d => (JsonNode?)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + length),
            };
            offset += length;
        }
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        int pad = (8 - headerBytes.Length % 8) % 8; // keeps the data 8-byte aligned, as the reference writer does
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> length = stackalloc byte[8];
                BitConverter.TryWriteBytes(length, (ulong)(headerBytes.Length + pad));
                if (!BitConverter.IsLittleEndian) length.Reverse();
                stream.Write(length);
                stream.Write(headerBytes);
                for (int i = 0; i < pad; i++) stream.WriteByte((byte)' ');
                foreach (var entry in tensors.Values)
                    stream.Write(MemoryMarshal.AsBytes(entry.Data.AsSpan()));
                stream.Flush(flushToDisk: true);
            }
            BeforeRename?.Invoke(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Reads and validates the whole file: the header length (unsigned, at most 100 MB, inside the file), UTF-8 JSON
    /// of the expected structure, and tensors that agree with their dtype and shape and tile the data area exactly.
    /// Any defect is an <see cref="FileFormatException"/> naming the file, the field or tensor, the file offset and what was expected.
    /// Tensors named by <paramref name="skipped"/> (e.g. PyTorch's I64 BatchNorm counters) may have another dtype;
    /// they are checked like the others and left out of the result.
    /// </summary>
    public static (Dictionary<string, Entry> Tensors, Dictionary<string, string> Metadata) Read(string path, Func<string, bool>? skipped = null)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' cannot be read: {e.Message}", e);
        }
        if (bytes.Length < LengthBytes)
            throw Invalid(path, $"it has {bytes.Length} bytes, fewer than the 8-byte header length at file offset 0 (truncated)");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes)
            throw Invalid(path, $"the header length at file offset 0 is {headerLength}; expected at most {MaxHeaderBytes} bytes (100 MB)");
        if (headerLength > (ulong)(bytes.Length - LengthBytes))
            throw Invalid(path, $"the header length at file offset 0 is {headerLength}, which runs past the end of the {bytes.Length}-byte file (truncated); " +
                $"expected at most {bytes.Length - LengthBytes}");
        var header = bytes.AsSpan(LengthBytes, (int)headerLength);
        CheckUtf8(path, header);
        var (declared, metadata) = SafeTensorsHeaderParser.Parse(path, header, LengthBytes);
        long dataStart = LengthBytes + (long)headerLength;
        SafeTensorsLayout.Check(path, declared, dataStart, bytes.Length - dataStart, skipped);
        var tensors = new Dictionary<string, Entry>();
        foreach (var t in declared.Where(t => skipped?.Invoke(t.Name) != true))
            tensors[t.Name] = new Entry(t.Shape, MemoryMarshal.Cast<byte, float>(bytes.AsSpan((int)(dataStart + t.Begin), (int)(t.End - t.Begin))).ToArray());
        return (tensors, metadata);
    }

    /// <summary>
    /// The exception for a defect <paramref name="what"/> of the file at <paramref name="path"/>; every rejection of
    /// the reader is made here.
    /// </summary>
    internal static FileFormatException Invalid(string path, string what, Exception? inner = null) =>
        new($"Checkpoint '{path}' is not a valid safetensors file: {what}.", inner);

    private static void CheckUtf8(string path, ReadOnlySpan<byte> header)
    {
        try { StrictUtf8.GetCharCount(header); }
        catch (DecoderFallbackException e)
        {
            string found = e.BytesUnknown is { Length: > 0 } unknown ? $" (byte 0x{unknown[0]:X2})" : "";
            throw Invalid(path, $"the header is not valid UTF-8 at file offset {LengthBytes + e.Index}{found}; expected UTF-8 JSON", e);
        }
    }
}
