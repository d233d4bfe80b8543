using System.Collections.Concurrent;
using System.Text;

namespace KernelGen.Kernels;

/// <summary>
/// Winners of the GEMM search per (device name, size bucket): in memory, and on disk as one small text file per
/// key under <c>~/.cache/kernelgen/gemm</c> (<c>KERNELGEN_CACHE_DIR</c> replaces <c>~/.cache/kernelgen</c>).
/// Files are written to a temporary name and renamed, so a reader never sees half a file; trouble with the disk
/// is never an error (the result then lives in memory only).
/// </summary>
public static class GemmTuneCache
{
    private static readonly ConcurrentDictionary<string, GemmVariant> Memory = new();
    private static int _version;

    /// <summary>Changes whenever a result is stored or the memory is cleared (<see cref="GemmSelector"/> then decides again).</summary>
    public static int Version => Volatile.Read(ref _version);

    /// <summary>The folder holding tuning results.</summary>
    public static string Directory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("KERNELGEN_CACHE_DIR");
            if (string.IsNullOrWhiteSpace(root))
            {
                var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                root = Path.Combine(string.IsNullOrWhiteSpace(xdg) ? Path.Combine(home, ".cache") : xdg, "kernelgen");
            }
            return Path.Combine(root, "gemm");
        }
    }

    /// <summary>
    /// Size bucket: powers of two of the geometric-mean output side √(m·n·batch) and of k, e.g. <c>mn1024-k512</c>
    /// for 1000×1000×600. Problems in one bucket share a winner.
    /// </summary>
    public static string Bucket(int m, int n, int k, int batch)
    {
        double side = Math.Sqrt((double)m * n * Math.Max(1, batch));
        int s = 1 << Math.Clamp((int)Math.Round(Math.Log2(Math.Max(1, side))), 0, 30);
        int d = 1 << Math.Clamp((int)Math.Round(Math.Log2(Math.Max(1, k))), 0, 30);
        return $"mn{s}-k{d}";
    }

    /// <summary>Key of a device and bucket: the device's backend and name (file-name safe) and the bucket.</summary>
    public static string Key(Device device, string bucket)
    {
        var sb = new StringBuilder(device.Backend.ToString().ToLowerInvariant()).Append('-');
        foreach (char ch in device.Name.Trim())
            sb.Append(char.IsAsciiLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '_');
        return sb.Append('-').Append(bucket).ToString();
    }

    /// <summary>The cached winner (memory, then disk), or null.</summary>
    public static GemmVariant? TryGet(string key)
    {
        if (Memory.TryGetValue(key, out var v)) return v;
        try
        {
            var path = PathFor(key);
            FileSystemCounter.Count();
            if (!File.Exists(path)) return null;
            FileSystemCounter.Count();
            var found = GemmVariant.ByName(File.ReadAllText(path).Trim());
            if (found is not null) Memory[key] = found;
            return found;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stores a winner in memory and, atomically, on disk.</summary>
    public static void Store(string key, GemmVariant variant)
    {
        Memory[key] = variant;
        Interlocked.Increment(ref _version);
        try
        {
            FileSystemCounter.Count(3);
            System.IO.Directory.CreateDirectory(Directory);
            var path = PathFor(key);
            var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temp, variant.Name + "\n");
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Memory only.
        }
    }

    /// <summary>Forgets the in-memory results (the files stay); tests use it to show a result comes from disk.</summary>
    public static void ClearMemory()
    {
        Memory.Clear();
        Interlocked.Increment(ref _version);
    }

    /// <summary>The file for a key.</summary>
    public static string PathFor(string key) => Path.Combine(Directory, key + ".txt");
}
