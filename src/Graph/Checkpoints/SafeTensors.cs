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
    private const long MaxHeaderBytes = 100L << 20;

    /// <summary>Test hook: runs after the temporary file is complete, before it replaces the target (a crash here must lose nothing).</summary>
    internal static Action<string>? BeforeRename;

    /// <summary>A tensor as stored: shape and values.</summary>
    public sealed record Entry(int[] Shape, float[] Data);

    /// <summary>Writes the file atomically: a temporary file in the same folder, flushed to disk, then renamed over <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Entry> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var header = new JsonObject();
        if (metadata.Count > 0) header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        long offset = 0;
        foreach (var (name, entry) in tensors)
        {
            long length = entry.Data.Length * 4L;
            header[name] = new JsonObject
            {
                ["dtype"] = "F32",
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
                    stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(entry.Data.AsSpan()));
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

    /// <summary>Reads and validates the whole file; any defect is an <see cref="InvalidDataException"/> naming the file, the tensor and the offset.</summary>
    public static (Dictionary<string, Entry> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' cannot be read: {e.Message}", e);
        }
        InvalidDataException Bad(string what) => new($"Checkpoint '{path}' is not a valid safetensors file: {what}.");
        if (bytes.Length < 8) throw Bad($"it has {bytes.Length} bytes, fewer than the 8-byte header length (truncated)");
        long headerLength = (long)BitConverter.ToUInt64(bytes, 0);
        if (headerLength > MaxHeaderBytes) throw Bad($"header length {headerLength} at offset 0 is implausible (over {MaxHeaderBytes} bytes)");
        if (8 + headerLength > bytes.Length) throw Bad($"header length {headerLength} at offset 0 runs past the end of the {bytes.Length}-byte file (truncated)");
        JsonObject header;
        try
        {
            header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength)) as JsonObject
                ?? throw Bad("the header at offset 8 is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Bad($"the JSON header at offset 8 is malformed ({e.Message})");
        }
        long dataStart = 8 + headerLength, dataLength = bytes.Length - dataStart;
        var metadata = new Dictionary<string, string>();
        var tensors = new Dictionary<string, Entry>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                if (node is not JsonObject meta) throw Bad("__metadata__ is not an object");
                foreach (var (k, v) in meta)
                    metadata[k] = v is JsonValue value && value.TryGetValue<string>(out var s) ? s : throw Bad($"metadata '{k}' is not a string");
                continue;
            }
            try
            {
                var dtype = (string?)node!["dtype"] ?? throw Bad($"tensor '{name}' has no dtype");
                if (dtype != "F32") throw Bad($"tensor '{name}' has dtype {dtype}; only F32 is supported");
                var shape = node["shape"]!.AsArray().Select(d => (int)d!).ToArray();
                var offsets = node["data_offsets"]!.AsArray().Select(d => (long)d!).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                    throw Bad($"tensor '{name}' has invalid data_offsets [{string.Join(", ", offsets)}]");
                if (offsets[1] > dataLength)
                    throw Bad($"tensor '{name}' ends at file offset {dataStart + offsets[1]} but the file has {bytes.Length} bytes (truncated)");
                long expected = shape.Aggregate(1L, (a, b) => a * b) * 4;
                if (shape.Any(d => d < 0) || offsets[1] - offsets[0] != expected)
                    throw Bad($"tensor '{name}' of shape ({string.Join(", ", shape)}) needs {expected} bytes but data_offsets span {offsets[1] - offsets[0]}");
                var data = new float[expected / 4];
                Buffer.BlockCopy(bytes, (int)(dataStart + offsets[0]), data, 0, (int)expected);
                tensors[name] = new Entry(shape, data);
            }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or JsonException)
            {
                throw Bad($"tensor '{name}' has a malformed entry ({e.Message})");
            }
        }
        return (tensors, metadata);
    }
}
