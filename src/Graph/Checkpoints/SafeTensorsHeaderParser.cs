using System.Text;
using System.Text.Json;

namespace KernelGen.Graph.Checkpoints;

/// <summary>
/// Parses the JSON header of a safetensors file with a forward-only reader, so that every rejection can give the
/// file offset of the field at fault. It checks the structure: an object of tensor entries (each exactly
/// <c>dtype</c>, <c>shape</c>, <c>data_offsets</c>, of the right JSON types and ranges) and an optional
/// <c>__metadata__</c> object of strings, with no key twice. How the tensors fill the data area is
/// <see cref="SafeTensorsLayout"/>'s job.
/// </summary>
internal ref struct SafeTensorsHeaderParser
{
    /// <summary>The header key of the metadata map.</summary>
    public const string MetadataKey = "__metadata__";

    private const string DTypeField = "dtype", ShapeField = "shape", OffsetsField = "data_offsets";

    // The header object, a tensor entry, its shape array, and one more level so that an array in a shape is
    // reported as such: anything nested deeper is malformed anyway.
    private const int MaxDepth = 4;

    private readonly string _path;
    private readonly long _start;
    private Utf8JsonReader _json;

    private SafeTensorsHeaderParser(string path, ReadOnlySpan<byte> header, long start)
    {
        _path = path;
        _start = start;
        _json = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = MaxDepth });
    }

    /// <summary>The tensors (in header order) and metadata declared by <paramref name="header"/>, which starts at file offset <paramref name="start"/>.</summary>
    /// <exception cref="FileFormatException">The header is not a well-formed safetensors header.</exception>
    public static (List<DeclaredTensor> Tensors, Dictionary<string, string> Metadata) Parse(string path, ReadOnlySpan<byte> header, long start)
    {
        var parser = new SafeTensorsHeaderParser(path, header, start);
        try
        {
            return parser.ParseHeader();
        }
        catch (JsonException e)
        {
            throw SafeTensors.Invalid(path,
                $"the JSON header is malformed at file offset {start + OffsetOf(header, e)}; expected a JSON object ({e.Message})", e);
        }
        catch (InvalidOperationException e) // a string escape that is not valid UTF-16, e.g. a lone surrogate
        {
            throw SafeTensors.Invalid(path,
                $"the JSON header near file offset {start + parser._json.TokenStartIndex} holds a string that cannot be read ({e.Message})", e);
        }
    }

    private (List<DeclaredTensor>, Dictionary<string, string>) ParseHeader()
    {
        Next();
        if (_json.TokenType != JsonTokenType.StartObject)
            throw Bad($"the header at file offset {Offset} is {Found()}; expected a JSON object");
        var tensors = new List<DeclaredTensor>();
        var metadata = new Dictionary<string, string>();
        var keys = new HashSet<string>();
        while (Next() == JsonTokenType.PropertyName)
        {
            long at = Offset;
            string key = _json.GetString()!;
            if (!keys.Add(key)) throw Bad($"header key '{key}' at file offset {at} appears twice; expected each key once");
            Next();
            if (key == MetadataKey) ParseMetadata(metadata);
            else tensors.Add(ParseTensor(key, at));
        }
        _json.Read(); // throws on anything but whitespace after the header object
        return (tensors, metadata);
    }

    private void ParseMetadata(Dictionary<string, string> metadata)
    {
        if (_json.TokenType != JsonTokenType.StartObject)
            throw Bad($"{MetadataKey} at file offset {Offset} is {Found()}; expected an object of strings");
        while (Next() == JsonTokenType.PropertyName)
        {
            long at = Offset;
            string key = _json.GetString()!;
            if (metadata.ContainsKey(key)) throw Bad($"metadata key '{key}' at file offset {at} appears twice; expected each key once");
            if (Next() != JsonTokenType.String)
                throw Bad($"metadata '{key}' at file offset {Offset} is {Found()}; expected a string");
            metadata[key] = _json.GetString()!;
        }
    }

    private DeclaredTensor ParseTensor(string name, long at)
    {
        if (_json.TokenType != JsonTokenType.StartObject)
            throw Bad($"tensor '{name}' at file offset {Offset} is {Found()}; expected an object with {DTypeField}, {ShapeField} and {OffsetsField}");
        string? dtype = null;
        long[]? shape = null, offsets = null;
        while (Next() == JsonTokenType.PropertyName)
        {
            long fieldAt = Offset;
            string field = _json.GetString()!;
            bool seen = field switch { DTypeField => dtype is not null, ShapeField => shape is not null, OffsetsField => offsets is not null, _ => false };
            if (seen) throw Bad($"tensor '{name}' has '{field}' twice (again at file offset {fieldAt}); expected each field once");
            Next();
            switch (field)
            {
                case DTypeField:
                    dtype = _json.TokenType == JsonTokenType.String ? _json.GetString()!
                        : throw Bad($"tensor '{name}' {DTypeField} at file offset {Offset} is {Found()}; expected a string such as \"F32\"");
                    break;
                case ShapeField: shape = Integers(name, ShapeField, int.MaxValue); break;
                case OffsetsField: offsets = Integers(name, OffsetsField, long.MaxValue); break;
                default:
                    throw Bad($"tensor '{name}' has an unknown field '{field}' at file offset {fieldAt}; expected only {DTypeField}, {ShapeField} and {OffsetsField}");
            }
        }
        if (dtype is null) throw Missing(name, at, DTypeField);
        if (shape is null) throw Missing(name, at, ShapeField);
        if (offsets is null) throw Missing(name, at, OffsetsField);
        if (offsets.Length != 2)
            throw Bad($"tensor '{name}' at file offset {at} has {offsets.Length} {OffsetsField}; expected two, [begin, end]");
        return new DeclaredTensor(name, at, dtype, Array.ConvertAll(shape, d => (int)d), offsets[0], offsets[1]);
    }

    /// <summary>A JSON array of integers in 0..<paramref name="max"/>, the reader on its opening bracket.</summary>
    private long[] Integers(string tensor, string field, long max)
    {
        if (_json.TokenType != JsonTokenType.StartArray)
            throw Bad($"tensor '{tensor}' {field} at file offset {Offset} is {Found()}; expected an array of integers");
        var values = new List<long>();
        while (Next() != JsonTokenType.EndArray)
        {
            if (_json.TokenType != JsonTokenType.Number || !_json.TryGetInt64(out long value) || value < 0 || value > max)
                throw Bad($"tensor '{tensor}' {field}[{values.Count}] at file offset {Offset} is {Found()}; expected an integer in 0..{max}");
            values.Add(value);
        }
        return [.. values];
    }

    private JsonTokenType Next() =>
        _json.Read() ? _json.TokenType : throw Bad($"the header ends at file offset {Offset} in the middle of a value");

    private readonly long Offset => _start + _json.TokenStartIndex;

    /// <summary>The current token for a message: a number as written, anything else by its kind.</summary>
    private readonly string Found() => _json.TokenType switch
    {
        JsonTokenType.Number => Encoding.UTF8.GetString(_json.ValueSpan),
        JsonTokenType.String => "a string",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        var other => other.ToString(),
    };

    private readonly FileFormatException Missing(string tensor, long at, string field) =>
        Bad($"tensor '{tensor}' at file offset {at} has no '{field}'; expected {DTypeField}, {ShapeField} and {OffsetsField}");

    private readonly FileFormatException Bad(string what) => SafeTensors.Invalid(_path, what);

    /// <summary>The header offset a <see cref="JsonException"/> points at (it counts lines and bytes within the line).</summary>
    private static long OffsetOf(ReadOnlySpan<byte> header, JsonException e)
    {
        long line = e.LineNumber ?? 0, offset = 0;
        for (; line > 0 && offset < header.Length; offset++)
            if (header[(int)offset] == (byte)'\n') line--;
        return Math.Min(offset + (e.BytePositionInLine ?? 0), header.Length);
    }
}
