using System.Text;
using KernelGen.Graph.Checkpoints;

namespace KernelGen.Tests.Graph;

/// <summary>The safetensors reader on each kind of defect: the rejection names the file, the field or tensor, the file offset and what was expected.</summary>
public sealed class SafeTensorsReadTests
{
    SafeTensorsFiles _files = null!;

    [SetUp] public void Create() => _files = new SafeTensorsFiles();
    [TearDown] public void Remove() => _files.Dispose();

    const string A = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    static string Tensor(string name, string shape, long begin, long end, string dtype = "F32") =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{shape}],\"data_offsets\":[{begin},{end}]}}";

    /// <summary>The message of the rejection of <paramref name="file"/>, which must be an <see cref="FileFormatException"/> naming the file.</summary>
    string Rejection(byte[] file)
    {
        string path = _files.Write("bad.safetensors", file);
        var message = Assert.Throws<FileFormatException>(() => SafeTensors.Read(path))!.Message;
        Assert.That(message, Does.StartWith($"Checkpoint '{path}' is not a valid safetensors file: "));
        return message;
    }

    [Test]
    public void WrittenFilesReadBackExactly()
    {
        string path = _files.Write("good.safetensors", _files.Valid());
        var (tensors, metadata) = SafeTensors.Read(path);
        var expected = SafeTensorsFiles.SampleTensors();
        Assert.That(tensors.Keys, Is.EqualTo(expected.Keys));
        foreach (var (name, entry) in expected)
        {
            Assert.That(tensors[name].Shape, Is.EqualTo(entry.Shape), name);
            Assert.That(tensors[name].Data, Is.EqualTo(entry.Data), name);
        }
        Assert.That(metadata, Is.EqualTo(SafeTensorsFiles.SampleMetadata()));
        Assert.That(SafeTensorsFiles.HeaderLength(File.ReadAllBytes(path)) % 8, Is.EqualTo(0), "header padded to 8 bytes");
    }

    [Test]
    public void WriteRefusesWhatReadWouldReject()
    {
        string path = Path.Combine(_files.Folder, "x.safetensors");
        var ex = Assert.Throws<ArgumentException>(() => SafeTensors.Write(path,
            new Dictionary<string, SafeTensors.Entry> { ["w"] = new([2, 2], [1f, 2f, 3f]) }, new Dictionary<string, string>()))!;
        Assert.That(ex.Message, Does.Contain("'w' of shape (2, 2) has 3 values"));
        Assert.Throws<ArgumentException>(() => SafeTensors.Write(path,
            new Dictionary<string, SafeTensors.Entry> { ["__metadata__"] = new([1], [1f]) }, new Dictionary<string, string>()));
        Assert.That(File.Exists(path), Is.False);
    }

    [TestCase(1UL << 63)]
    [TestCase(ulong.MaxValue)]
    [TestCase(100_000_001UL)]
    public void HeaderLengthOverTheLimitIsRejected(ulong length)
    {
        var message = Rejection(SafeTensorsFiles.WithHeaderLength(_files.Valid(), length));
        Assert.That(message, Does.Contain($"the header length at file offset 0 is {length}; expected at most 100000000 bytes"));
    }

    [Test]
    public void HeaderLengthPastTheEndIsTruncation()
    {
        var file = _files.Valid();
        var message = Rejection(SafeTensorsFiles.WithHeaderLength(file, (ulong)file.Length));
        Assert.That(message, Does.Contain($"header length at file offset 0 is {file.Length}").And.Contain("(truncated)")
            .And.Contain($"expected at most {file.Length - 8}"));
        Assert.That(Rejection(file[..5]), Does.Contain("5 bytes, fewer than the 8-byte header length at file offset 0 (truncated)"));
    }

    [Test]
    public void OverlappingTensorsAreRejected()
    {
        string json = $"{{{A},{Tensor("b", "2", 4, 12)}}}";
        long data = 8 + json.Length;
        Assert.That(Rejection(SafeTensorsFiles.Raw(json, new byte[12])),
            Does.Contain($"tensor 'b' (data_offsets [4, 12], file offsets {data + 4}..{data + 12}) overlaps tensor 'a' (data_offsets [0, 8])")
                .And.Contain("expected every byte of the data area to belong to one tensor"));
    }

    [Test]
    public void AliasedTensorsAreRejected() =>
        Assert.That(Rejection(SafeTensorsFiles.Raw($"{{{A},{Tensor("b", "2", 0, 8)}}}", new byte[8])),
            Does.Contain("overlaps tensor 'a'"));

    [Test]
    public void GapsAreRejected()
    {
        string json = $"{{{A},{Tensor("b", "2", 12, 20)}}}";
        long data = 8 + json.Length;
        Assert.That(Rejection(SafeTensorsFiles.Raw(json, new byte[20])),
            Does.Contain($"the data area has a gap of 4 bytes at file offsets {data + 8}..{data + 12}, after tensor 'a' (data_offsets [0, 8]) and before tensor 'b'")
                .And.Contain("expected the tensors to cover the data area without gaps"));
        Assert.That(Rejection(SafeTensorsFiles.Raw($"{{{Tensor("b", "2", 4, 12)}}}", new byte[12])),
            Does.Contain("gap of 4 bytes").And.Contain("at the start of the data area"));
    }

    [Test]
    public void BytesAfterTheLastTensorAreRejected()
    {
        string json = $"{{{A}}}";
        long data = 8 + json.Length;
        Assert.That(Rejection(SafeTensorsFiles.Raw(json, new byte[11])),
            Does.Contain($"the file has 3 bytes at file offsets {data + 8}..{data + 11} that no tensor holds (after tensor 'a'")
                .And.Contain($"expected it to end at file offset {data + 8}"));
        Assert.That(Rejection(SafeTensorsFiles.Raw("{}", new byte[4])), Does.Contain("4 bytes").And.Contain("at the start of the data area"));
    }

    [Test]
    public void TensorsPastTheEndAreTruncation() =>
        Assert.That(Rejection(SafeTensorsFiles.Raw($"{{{A}}}", new byte[6])),
            Does.Contain("tensor 'a' at file offset 9 has data_offsets [0, 8] past the end of the 6-byte data area (truncated"));

    [Test]
    public void ShapeOfTwoTo31IsRejected()
    {
        string json = $"{{{Tensor("huge", "2147483648,2147483648", 0, 0)}}}";
        Assert.That(Rejection(SafeTensorsFiles.Raw(json, [])),
            Does.Contain($"tensor 'huge' shape[0] at file offset {8 + json.IndexOf("2147483648")} is 2147483648; expected an integer in 0..2147483647"));
    }

    [Test]
    public void ShapesBeyondOneArrayAreRejected()
    {
        Assert.That(Rejection(SafeTensorsFiles.Raw($"{{{Tensor("big", "65536,65536", 0, 0)}}}", [])),
            Does.Contain($"tensor 'big' at file offset 9 has shape (65536, 65536) of more than {Array.MaxLength} elements"));
        Assert.That(Rejection(SafeTensorsFiles.Raw($"{{{Tensor("big", "2147483647,2147483647,2147483647,2147483647,2", 0, 0)}}}", [])),
            Does.Contain("more than"));
    }

    [Test]
    public void HugeDimensionsWithAZeroAreAnEmptyTensor()
    {
        string path = _files.Write("empty.safetensors", SafeTensorsFiles.Raw($"{{{Tensor("e", "2147483647,2147483647,0", 0, 0)}}}", []));
        var entry = SafeTensors.Read(path).Tensors["e"];
        Assert.That((entry.Shape, entry.Data.Length), Is.EqualTo((new[] { int.MaxValue, int.MaxValue, 0 }, 0)));
    }

    [TestCase("-1", "shape[0] at file offset 37 is -1; expected an integer in 0..2147483647")]
    [TestCase("1.5", "shape[0] at file offset 37 is 1.5")]
    [TestCase("2,\"3\"", "shape[1] at file offset 39 is a string")]
    [TestCase("[2]", "shape[0] at file offset 37 is an array")]
    public void BadDimensionsAreRejected(string shape, string expected) =>
        Assert.That(Rejection(SafeTensorsFiles.Raw($"{{{Tensor("t", shape, 0, 8)}}}", new byte[8])), Does.Contain($"tensor 't' {expected}"));

    [Test]
    public void OffsetsThatDisagreeWithTheShapeAreRejected()
    {
        Assert.That(Rejection(SafeTensorsFiles.Raw($"{{{Tensor("t", "3", 0, 8)}}}", new byte[8])),
            Does.Contain("tensor 't' at file offset 9 of shape (3) and dtype F32 needs 12 bytes but its data_offsets [0, 8] span 8"));
        Assert.That(Rejection(SafeTensorsFiles.Raw($"{{{Tensor("t", "2", 8, 0)}}}", new byte[8])),
            Does.Contain("tensor 't' at file offset 9 has data_offsets [8, 0] that run backwards; expected begin ≤ end"));
        Assert.That(Rejection(SafeTensorsFiles.Raw($"{{{Tensor("t", "2", 0, 9223372036854775807)}}}", new byte[8])),
            Does.Contain("needs 8 bytes"));
        Assert.That(Rejection(SafeTensorsFiles.Raw($"{{{Tensor("t", "2", 0, -8)}}}", new byte[8])),
            Does.Contain("data_offsets[1] at file offset").And.Contain("is -8; expected an integer in 0..9223372036854775807"));
        Assert.That(Rejection(SafeTensorsFiles.Raw("{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,18446744073709551615]}}", new byte[8])),
            Does.Contain("is 18446744073709551615"));
    }

    [Test]
    public void OtherDtypesAreRejected() =>
        Assert.That(Rejection(SafeTensorsFiles.Raw($"{{{Tensor("h", "4", 0, 8, "F16")}}}", new byte[8])),
            Does.Contain("tensor 'h' at file offset 9 has dtype F16; only F32 is supported"));

    [Test]
    public void NonUtf8HeaderIsRejected()
    {
        var header = Encoding.UTF8.GetBytes("{\"__metadata__\":{\"k\":\"v?\"}}");
        int at = Array.IndexOf(header, (byte)'?');
        header[at] = 0xff;
        Assert.That(Rejection(SafeTensorsFiles.Raw(header, [])),
            Does.Contain($"the header is not valid UTF-8 at file offset {8 + at} (byte 0xFF); expected UTF-8 JSON"));
        var overlong = Encoding.UTF8.GetBytes("{\"a\":1}  ");
        (overlong[1], overlong[2]) = (0xc0, 0xa2); // an over-long encoding of '"'
        Assert.That(Rejection(SafeTensorsFiles.Raw(overlong, [])), Does.Contain("not valid UTF-8 at file offset 9"));
    }

    [TestCase("{\"__metadata__\":{},\"__metadata__\":{}}", "header key '__metadata__' at file offset 27 appears twice")]
    [TestCase("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", "metadata key 'k' at file offset 33 appears twice")]
    [TestCase("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\"}}", "tensor 'a' has 'dtype' twice (again at file offset 28)")]
    public void DuplicateKeysAreRejected(string json, string expected) =>
        Assert.That(Rejection(SafeTensorsFiles.Raw(json, [])), Does.Contain(expected));

    [Test]
    public void DuplicateTensorsAreRejected()
    {
        string json = $"{{{A},{A}}}";
        Assert.That(Rejection(SafeTensorsFiles.Raw(json, new byte[8])),
            Does.Contain($"header key 'a' at file offset {8 + json.LastIndexOf("\"a\"")} appears twice; expected each key once"));
    }

    [TestCase("[]", "the header at file offset 8 is an array; expected a JSON object")]
    [TestCase("", "the JSON header is malformed at file offset 8; expected a JSON object")]
    [TestCase("{\"a\":{\"dtype\":\"F3", "the JSON header is malformed at file offset 25")]
    [TestCase("{} x", "the JSON header is malformed at file offset 11")]
    [TestCase("{}{}", "the JSON header is malformed at file offset 10")]
    [TestCase("{\"__metadata__\":{\n\"k\": \"v\" x}}", "the JSON header is malformed at file offset 35")]
    [TestCase("{\"a\":[]}", "tensor 'a' at file offset 13 is an array; expected an object with dtype, shape and data_offsets")]
    [TestCase("{\"a\":null}", "tensor 'a' at file offset 13 is null")]
    [TestCase("{\"a\":{\"dtype\":32}}", "tensor 'a' dtype at file offset 22 is 32; expected a string")]
    [TestCase("{\"a\":{\"shape\":\"2\"}}", "tensor 'a' shape at file offset 22 is a string; expected an array of integers")]
    [TestCase("{\"a\":{\"data_offsets\":{}}}", "tensor 'a' data_offsets at file offset 29 is an object")]
    [TestCase("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4,8]}}", "tensor 'a' at file offset 9 has 3 data_offsets; expected two")]
    [TestCase("{\"a\":{\"dtype\":\"F32\",\"shape\":[]}}", "tensor 'a' at file offset 9 has no 'data_offsets'")]
    [TestCase("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"extra\":1}}", "tensor 'a' has an unknown field 'extra' at file offset 60")]
    [TestCase("{\"__metadata__\":[]}", "__metadata__ at file offset 24 is an array; expected an object of strings")]
    [TestCase("{\"__metadata__\":{\"step\":3}}", "metadata 'step' at file offset 32 is 3; expected a string")]
    [TestCase("{\"__metadata__\":{\"deep\":{\"x\":\"y\"}}}", "metadata 'deep' at file offset 32 is an object; expected a string")]
    [TestCase("{\"\\ud800\":{}}", "holds a string that cannot be read")]
    [TestCase("{\"a\":{\"shape\":[[[[1]]]]}}", "tensor 'a' shape[0] at file offset 23 is an array")]
    public void WrongJsonIsRejected(string json, string expected) =>
        Assert.That(Rejection(SafeTensorsFiles.Raw(json, [])), Does.Contain(expected));
}
