using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace KernelGen.Tests.Models;

/// <summary>A minimal PNG reader for the tests, independent of the writer: checks the signature, every chunk's
/// CRC (bit-by-bit, no table), the IHDR, and inflates the IDAT data back to pixels (filter 0 only, which is
/// all the writer emits). Also runs an external decoder when one is installed.</summary>
public static class PngCheck
{
    public sealed record Decoded(int Width, int Height, int Channels, byte[] Pixels, List<string> Chunks);

    public static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        uint c = 0xffffffff;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (uint)-(int)(c & 1));
        }
        return ~c;
    }

    public static Decoded Decode(byte[] png)
    {
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10];
        Assert.That(png[..8], Is.EqualTo(signature), "PNG signature");
        int at = 8, width = 0, height = 0, channels = 0;
        var idat = new MemoryStream();
        var chunks = new List<string>();
        while (at < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = Encoding.ASCII.GetString(png, at + 4, 4);
            var body = png.AsSpan(at + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.That(crc, Is.EqualTo(BitwiseCrc(png.AsSpan(at + 4, length + 4))), $"CRC of chunk {type}");
            chunks.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                Assert.That(body[8], Is.EqualTo(8), "bit depth");
                channels = body[9] switch { 0 => 1, 2 => 3, _ => throw new AssertionException($"colour type {body[9]}") };
                Assert.That(body[10..13].ToArray(), Is.EqualTo(new byte[3]), "compression, filter, interlace");
            }
            if (type == "IDAT") idat.Write(body);
            at += 12 + length;
        }
        Assert.That(chunks[0], Is.EqualTo("IHDR"));
        Assert.That(chunks[^1], Is.EqualTo("IEND"));
        Assert.That(at, Is.EqualTo(png.Length));
        idat.Position = 0;
        var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(raw);
        byte[] rows = raw.ToArray();
        int stride = width * channels;
        Assert.That(rows, Has.Length.EqualTo((stride + 1) * height), "inflated size");
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            Assert.That(rows[y * (stride + 1)], Is.Zero, $"filter of row {y}");
            rows.AsSpan(y * (stride + 1) + 1, stride).CopyTo(pixels.AsSpan(y * stride));
        }
        return new Decoded(width, height, channels, pixels, chunks);
    }

    /// <summary>Runs a program; null when it cannot be started or exits non-zero.</summary>
    public static (string Stdout, byte[] Bytes)? Run(string file, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            process.StandardError.ReadToEnd();
            copy.Wait();
            process.WaitForExit();
            if (process.ExitCode != 0) return null;
            return (Encoding.UTF8.GetString(output.ToArray()), output.ToArray());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    const string PilScript =
        "import sys\nfrom PIL import Image\nim = Image.open(sys.argv[1]); im.load()\n" +
        "sys.stdout.buffer.write(('%s %d %d\\n' % (im.mode, im.width, im.height)).encode() + im.tobytes())";

    /// <summary>Decodes with Pillow (python3) when installed: mode, width, height and pixels; null otherwise.</summary>
    public static (string Mode, int Width, int Height, byte[] Pixels)? DecodeWithPillow(string path)
    {
        // Debian's interpreter first: python3-pil installs there, whatever python3 comes first on PATH.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        if (Run(python, "-c", "import PIL") is null) return null;
        var result = Run(python, "-c", PilScript, path);
        Assert.That(result, Is.Not.Null, "Pillow failed to decode " + path);
        byte[] bytes = result!.Value.Bytes;
        int newline = Array.IndexOf(bytes, (byte)'\n');
        var head = Encoding.ASCII.GetString(bytes, 0, newline).Split(' ');
        return (head[0], int.Parse(head[1]), int.Parse(head[2]), bytes[(newline + 1)..]);
    }
}
