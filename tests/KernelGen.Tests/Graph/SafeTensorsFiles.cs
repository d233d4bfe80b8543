using System.Text;
using KernelGen.Graph.Checkpoints;

namespace KernelGen.Tests.Graph;

/// <summary>Builds safetensors files for the reader's tests, valid or byte by byte, in a temporary folder removed on dispose.</summary>
public sealed class SafeTensorsFiles : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("kernelgen-safetensors-").FullName;

    /// <summary>Four tensors (a matrix, a vector, a scalar and an empty one) with distinct values.</summary>
    public static Dictionary<string, SafeTensors.Entry> SampleTensors() => new()
    {
        ["param:enc.weight"] = new([2, 3], [1f, -2f, 3.5f, 0f, float.Epsilon, -0f]),
        ["param:enc.bias"] = new([3], [0.25f, 1e30f, -7f]),
        ["state:default:step"] = new([], [42f]),
        ["empty"] = new([0, 4], []),
    };

    /// <summary>Metadata as a model writes it, with a non-ASCII value and characters JSON must escape.</summary>
    public static Dictionary<string, string> SampleMetadata() => new()
    {
        ["format"] = "kernelgen-1",
        ["model"] = "vae",
        ["options"] = "{\"BatchSize\":64,\"Seed\":7}",
        ["image"] = "28x28x10",
        ["note"] = "Größe \"quoted\" <tag> 名前\n",
    };

    /// <summary>The bytes <see cref="SafeTensors.Write"/> produces for the sample tensors and metadata.</summary>
    public byte[] Valid()
    {
        string path = Path.Combine(Folder, $"valid-{Guid.NewGuid():N}.safetensors");
        SafeTensors.Write(path, SampleTensors(), SampleMetadata());
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    /// <summary>A file of the header <paramref name="json"/> (its length first, as the format has it) and <paramref name="data"/>.</summary>
    public static byte[] Raw(string json, byte[] data) => Raw(Encoding.UTF8.GetBytes(json), data);

    /// <summary>A file of the header bytes (its length first) and <paramref name="data"/>.</summary>
    public static byte[] Raw(byte[] header, byte[] data) => [.. BitConverter.GetBytes((ulong)header.Length), .. header, .. data];

    /// <summary>A copy of <paramref name="file"/> with its 8-byte header length set to <paramref name="length"/>.</summary>
    public static byte[] WithHeaderLength(byte[] file, ulong length)
    {
        var copy = file.ToArray();
        BitConverter.TryWriteBytes(copy.AsSpan(0, 8), length);
        return copy;
    }

    /// <summary>The header length recorded in <paramref name="file"/>.</summary>
    public static int HeaderLength(byte[] file) => (int)BitConverter.ToUInt64(file, 0);

    /// <summary>The header JSON of <paramref name="file"/>.</summary>
    public static string HeaderJson(byte[] file) => Encoding.UTF8.GetString(file, 8, HeaderLength(file));

    /// <summary>A file with the header JSON of <paramref name="file"/> replaced by <paramref name="json"/>, same data.</summary>
    public static byte[] WithHeaderJson(byte[] file, string json) => Raw(json, file[(8 + HeaderLength(file))..]);

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
