using System.Text;

namespace KernelGen.Cli;

/// <summary>
/// Recognises the files the use commands write (PNG, SVG, CSV, ONNX) by their first bytes, so an existing file of the
/// command's own kind is replaced and anything else (a checkpoint, data, a document) is refused without --overwrite.
/// </summary>
internal static class OutputKind
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>"PNG image", "SVG plot", "CSV table" for messages.</summary>
    public static string Name(string extension) => extension switch
    {
        ".png" => "PNG image",
        ".svg" => "SVG plot",
        ".csv" => "CSV table",
        ".onnx" => "ONNX model",
        _ => extension.TrimStart('.').ToUpperInvariant() + " file",
    };

    /// <summary>Whether the file at <paramref name="path"/> is of the kind <paramref name="extension"/> names.</summary>
    public static bool Matches(string path, string extension)
    {
        var head = new byte[256];
        int n;
        using (var file = File.OpenRead(path)) n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var start = head.AsSpan(0, n);
        var text = Encoding.UTF8.GetString(start).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return extension switch
        {
            ".png" => start.StartsWith(Png),
            ".svg" => text.StartsWith("<svg", StringComparison.Ordinal) || (text.StartsWith("<?xml", StringComparison.Ordinal) && text.Contains("<svg", StringComparison.Ordinal)),
            ".csv" => text.StartsWith(AnomalyCommand.CsvHeader, StringComparison.Ordinal), // the only CSV a use command writes
            ".onnx" => n > 0 && start[0] == 0x08, // an ONNX model begins with its ir_version field (protobuf field 1, a varint)
            _ => false,
        };
    }
}
