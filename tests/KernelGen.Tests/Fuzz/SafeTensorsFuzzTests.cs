using System.Text;
using System.Text.Json.Nodes;
using KernelGen.Graph.Checkpoints;
using KernelGen.Tests.Graph;

namespace KernelGen.Tests.Fuzz;

/// <summary>
/// Mutates a valid checkpoint (several tensors and metadata, written by <see cref="SafeTensors.Write"/>) in
/// thousands of ways from a fixed seed: truncations, byte flips in the header, header lengths at the edges,
/// edited entries (overlapping, reversed and gapped offsets, huge shapes, wrong types), non-UTF-8 and broken JSON.
/// Each file must read back consistently or be rejected cleanly.
/// </summary>
public sealed class SafeTensorsFuzzTests
{
    const int Seed = 20240612;

    SafeTensorsFiles _files = null!;
    FuzzOutcomes _outcomes = null!;
    byte[] _valid = [];
    int _case;

    [SetUp]
    public void Create()
    {
        _files = new SafeTensorsFiles();
        _outcomes = new FuzzOutcomes();
        _valid = _files.Valid();
    }

    [TearDown] public void Remove() => _files.Dispose();

    int DataStart => 8 + SafeTensorsFiles.HeaderLength(_valid);

    /// <summary>Reads the file; a load must be self-consistent and survive a write and read back unchanged.</summary>
    void Try(string description, byte[] file)
    {
        string path = _files.Write($"case-{_case++ % 16}.safetensors", file);
        _outcomes.Run(description, path, () => SafeTensors.Read(path), read =>
        {
            foreach (var (name, entry) in read.Tensors)
                Assert.That(entry.Data.LongLength, Is.EqualTo(entry.Shape.Aggregate(1L, (a, d) => a * d)), $"{description}: tensor '{name}'");
            string copy = Path.Combine(_files.Folder, "copy.safetensors");
            SafeTensors.Write(copy, read.Tensors, read.Metadata);
            var again = SafeTensors.Read(copy);
            Assert.That(again.Metadata, Is.EqualTo(read.Metadata), description);
            Assert.That(again.Tensors.Keys, Is.EqualTo(read.Tensors.Keys), description);
            foreach (var (name, entry) in read.Tensors)
                Assert.That(again.Tensors[name].Data, Is.EqualTo(entry.Data), $"{description}: tensor '{name}'");
        });
    }

    [Test]
    public void TruncationAtEveryLength()
    {
        for (int length = 0; length <= _valid.Length; length++) Try($"truncated to {length} bytes", _valid[..length]);
        _outcomes.Report(_valid.Length);
        Assert.That(_outcomes.Loaded, Is.EqualTo(1), "only the whole file loads");
    }

    [Test]
    public void HeaderLengthsAtTheEdges()
    {
        ulong header = (ulong)SafeTensorsFiles.HeaderLength(_valid), file = (ulong)_valid.Length;
        ulong[] lengths = [0, 1, 2, 7, 8, header - 1, header + 1, header + 8, file - 8, file, file + 1, 100_000_000, 100_000_001,
            int.MaxValue, 1UL << 31, 1UL << 32, (1UL << 32) + header, long.MaxValue, 1UL << 63, (1UL << 63) + header, ulong.MaxValue - 7, ulong.MaxValue];
        foreach (ulong length in lengths) Try($"header length {length}", SafeTensorsFiles.WithHeaderLength(_valid, length));
        var random = new Random(Seed);
        for (int i = 0; i < 200; i++)
        {
            ulong length = (ulong)random.NextInt64() << random.Next(0, 2) ^ (ulong)random.Next();
            Try($"header length {length}", SafeTensorsFiles.WithHeaderLength(_valid, length));
        }
        _outcomes.Report(lengths.Length + 200);
    }

    [Test]
    public void ByteFlipsInTheHeader()
    {
        var random = new Random(Seed);
        byte[] structural = "{}[]\",:0123456789-+.eE \\ntfu\x00\xff\x80\xc0"u8.ToArray();
        for (int i = 0; i < 2500; i++)
        {
            var file = _valid.ToArray();
            int flips = 1 + random.Next(3);
            var where = new List<int>();
            for (int f = 0; f < flips; f++)
            {
                int at = random.Next(DataStart);
                where.Add(at);
                file[at] = random.Next(2) == 0 ? (byte)(file[at] ^ (1 << random.Next(8))) : structural[random.Next(structural.Length)];
            }
            Try($"flips at {string.Join(", ", where)}", file);
        }
        _outcomes.Report(2500);
        Assert.That(_outcomes.Loaded, Is.GreaterThan(0), "a flip inside a metadata string still loads");
    }

    [Test]
    public void EditedEntries()
    {
        var random = new Random(Seed);
        var edits = new Action<JsonObject, JsonObject>[]
        {
            (_, t) => t["data_offsets"] = new JsonArray(0, 8),                                           // overlaps or leaves a gap
            (_, t) => t["data_offsets"] = Swapped(t["data_offsets"]),                        // reversed
            (_, t) => t["data_offsets"] = Shifted(t["data_offsets"], random.Next(1, 9)),     // gap and overlap
            (_, t) => t["data_offsets"] = Shifted(t["data_offsets"], -4),
            (_, t) => t["data_offsets"] = new JsonArray(long.MaxValue - 4, long.MaxValue),
            (_, t) => t["data_offsets"] = new JsonArray(0),
            (_, t) => t["data_offsets"] = new JsonArray(0, 4, 8),
            (_, t) => t["data_offsets"] = JsonValue.Create("0,8"),
            (_, t) => t["shape"] = new JsonArray(2147483648L, 2147483648L),
            (_, t) => t["shape"] = new JsonArray(65536, 65536),
            (_, t) => t["shape"] = new JsonArray(int.MaxValue, int.MaxValue, 0),
            (_, t) => t["shape"] = new JsonArray(-1),
            (_, t) => t["shape"] = new JsonArray(1.5),
            (_, t) => t["shape"] = new JsonArray(new JsonArray(2)),
            (_, t) => t["shape"] = new JsonArray(Enumerable.Range(0, 40).Select(_ => (JsonNode?)JsonValue.Create(2)).ToArray()),
            (_, t) => t["shape"] = null,
            (_, t) => t["dtype"] = random.Next(3) switch { 0 => "F16", 1 => "f32", _ => "" },
            (_, t) => t["dtype"] = 32,
            (_, t) => t.Remove(random.Next(3) switch { 0 => "dtype", 1 => "shape", _ => "data_offsets" }),
            (_, t) => t["extra"] = true,
            (h, _) => Metadata(h)["step"] = 3,
            (h, _) => Metadata(h)["nested"] = new JsonObject { ["x"] = "y" },
            (h, _) => h["__metadata__"] = new JsonArray("a"),
            (h, _) => Metadata(h)["options"] = "{\"BatchSize\":",
            (h, _) => h["added"] = new JsonObject { ["dtype"] = "F32", ["shape"] = new JsonArray(1), ["data_offsets"] = new JsonArray(0, 4) },
            (h, _) => h["added"] = new JsonArray(),
        };
        var header = JsonNode.Parse(SafeTensorsFiles.HeaderJson(_valid))!.AsObject();
        var names = header.Select(kv => kv.Key).Where(k => k != "__metadata__").ToArray();
        for (int i = 0; i < 1500; i++)
        {
            var edited = header.DeepClone().AsObject();
            int count = 1 + random.Next(2);
            var applied = new List<string>();
            for (int e = 0; e < count; e++)
            {
                int which = random.Next(edits.Length);
                string tensor = names[random.Next(names.Length)];
                edits[which](edited, edited[tensor]!.AsObject());
                applied.Add($"edit {which} on '{tensor}'");
            }
            Try(string.Join(", ", applied), SafeTensorsFiles.WithHeaderJson(_valid, edited.ToJsonString()));
        }
        _outcomes.Report(1500);
        Assert.That(_outcomes.Loaded, Is.GreaterThan(0), "some edits (a new metadata string, huge dimensions with a zero) still load");
    }

    [Test]
    public void BrokenTextAndData()
    {
        var random = new Random(Seed);
        string json = SafeTensorsFiles.HeaderJson(_valid);
        for (int i = 0; i < 400; i++)
        {
            var header = Encoding.UTF8.GetBytes(json);
            int at = random.Next(header.Length);
            header[at] = (byte)(0x80 + random.Next(0x80)); // a lone continuation or lead byte: not UTF-8 there
            Try($"non-UTF-8 byte 0x{header[at]:X2} at header offset {at}", SafeTensorsFiles.Raw(header, _valid[DataStart..]));
        }
        for (int i = 0; i < 300; i++)
        {
            int at = random.Next(json.Length);
            string broken = random.Next(3) switch { 0 => json[..at], 1 => json.Insert(at, ","), _ => json.Remove(at, 1) };
            Try($"JSON broken at {at}", SafeTensorsFiles.Raw(broken, _valid[DataStart..]));
        }
        Try("duplicate tensor", SafeTensorsFiles.Raw(json.Insert(1, json[1..json.IndexOf("},\"", StringComparison.Ordinal)] + "},"), _valid[DataStart..]));
        Try("extra data", [.. _valid, .. new byte[random.Next(1, 64)]]);
        for (int i = 0; i < 300; i++)
        {
            var file = _valid.ToArray();
            file[DataStart + random.Next(file.Length - DataStart)] ^= (byte)random.Next(1, 256);
            Try("flip in the data", file);
        }
        _outcomes.Report(1000);
        Assert.That(_outcomes.Loaded, Is.GreaterThanOrEqualTo(300), "flips in the data are only new values");
    }

    /// <summary>The metadata object, made again when an earlier edit replaced it.</summary>
    static JsonObject Metadata(JsonObject header) =>
        header["__metadata__"] as JsonObject ?? (JsonObject)(header["__metadata__"] = new JsonObject());

    static JsonArray Swapped(JsonNode? offsets) => new(Offset(offsets, 1), Offset(offsets, 0));

    static JsonArray Shifted(JsonNode? offsets, int by) => new(Offset(offsets, 0) + by, Offset(offsets, 1) + by);

    /// <summary>An offset whichever number type an earlier edit left (or 0 when an edit left something else).</summary>
    static long Offset(JsonNode? offsets, int index) =>
        offsets is JsonArray array && array.Count > index && long.TryParse(array[index]?.ToJsonString(), out long value) ? value : 0;
}
