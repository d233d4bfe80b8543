using System.Security.Cryptography;
using System.Text;

namespace KernelGen.Runtime.Cuda;

/// <summary>
/// On-disk cache of compiled kernels: <c>~/.cache/kernelgen/cuda/&lt;sha256&gt;.cubin</c> (or <c>.ptx</c> for the
/// PTX fallback), keyed on source, target architecture and NVRTC version, so a warm start compiles nothing.
/// <see cref="CacheDirVariable"/> replaces <c>~/.cache/kernelgen</c>. Cache trouble (read-only disk, races) is
/// never an error: the kernel is just compiled.
/// </summary>
internal static class CudaKernelCache
{
    /// <summary>Environment variable naming the cache root (kernels go to its <c>cuda</c> folder).</summary>
    public const string CacheDirVariable = CacheDirectory.Variable;

    /// <summary>The folder holding cached CUDA images.</summary>
    public static string Directory => Path.Combine(CacheDirectory.Root, "cuda");

    /// <summary>Hex SHA-256 of source, target (e.g. <c>sm_90</c>) and NVRTC version (e.g. <c>13.0</c>).</summary>
    public static string Key(string source, string target, string nvrtcVersion) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source}\n{target}\n{nvrtcVersion}")));

    /// <summary>The file for a key; <paramref name="ptx"/> selects the <c>.ptx</c> extension.</summary>
    public static string PathFor(string key, bool ptx) => Path.Combine(Directory, key + (ptx ? ".ptx" : ".cubin"));

    /// <summary>The cached image, or null.</summary>
    public static byte[]? TryRead(string path)
    {
        try
        {
            FileSystemCounter.Count(2);
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the image atomically (temporary file, then rename).</summary>
    public static void TryWrite(string path, byte[] image)
    {
        string temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            FileSystemCounter.Count(3);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(temp, image);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
        }
    }

    /// <summary>Removes a file (a cached image the driver rejected), ignoring failures.</summary>
    public static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
