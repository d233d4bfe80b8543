using System.Reflection;
using System.Runtime.InteropServices;

namespace KernelGen;

/// <summary>
/// One <see cref="NativeLibrary"/> resolver for the three native libraries. Bindings name a logical library
/// (<see cref="Cuda"/>, <see cref="Nvrtc"/>, <see cref="OpenCL"/>); the resolver tries the versioned file names
/// in order and remembers what it tried, so a missing library becomes a readable reason instead of a crash.
/// </summary>
internal static class NativeLibraries
{
    public const string Cuda = "kernelgen-cuda";
    public const string Nvrtc = "kernelgen-nvrtc";
    public const string OpenCL = "kernelgen-opencl";

    private static readonly Dictionary<string, (IntPtr Handle, string Detail)> Loaded = new();
    private static readonly object Gate = new();
    private static bool _registered;

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered) return;
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
            _registered = true;
        }
    }

    /// <summary>Loads a logical library; on failure <paramref name="detail"/> says which names were tried.</summary>
    public static bool TryLoad(string logical, out string detail)
    {
        EnsureRegistered();
        lock (Gate)
        {
            if (!Loaded.TryGetValue(logical, out var entry))
            {
                entry = Probe(logical);
                Loaded[logical] = entry;
            }
            detail = entry.Detail;
            return entry.Handle != IntPtr.Zero;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name is Cuda or Nvrtc or OpenCL && TryLoad(name, out _) ? Loaded[name].Handle : IntPtr.Zero;

    private static (IntPtr, string) Probe(string logical)
    {
        var tried = new List<string>();
        foreach (var candidate in Candidates(logical))
        {
            tried.Add(candidate);
            if (NativeLibrary.TryLoad(candidate, out var handle)) return (handle, candidate);
        }
        return (IntPtr.Zero, $"{Describe(logical)} not found (tried {string.Join(", ", tried)})");
    }

    private static string Describe(string logical) => logical switch
    {
        Cuda => "CUDA driver library",
        Nvrtc => "NVRTC library",
        _ => "OpenCL ICD loader",
    };

    private static IEnumerable<string> Candidates(string logical)
    {
        string[] names = logical switch
        {
            Cuda => ["libcuda.so.1", "libcuda.so", "nvcuda.dll"],
            Nvrtc => ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so", "nvrtc64_130_0.dll", "nvrtc64_120_0.dll"],
            _ => ["libOpenCL.so.1", "libOpenCL.so", "OpenCL.dll"],
        };
        foreach (var name in names) yield return name;
        if (logical != Nvrtc) yield break;
        var roots = new[] { Environment.GetEnvironmentVariable("CUDA_PATH"), Environment.GetEnvironmentVariable("CUDA_HOME"), "/usr/local/cuda", "/usr/local/cuda-13", "/usr/local/cuda-12" };
        foreach (var root in roots.Where(r => !string.IsNullOrEmpty(r)).Distinct())
            foreach (var dir in new[] { "lib64", "lib", "targets/x86_64-linux/lib" })
                foreach (var name in names.Where(n => n.StartsWith("lib", StringComparison.Ordinal)))
                {
                    var full = Path.Combine(root!, dir, name);
                    if (File.Exists(full)) yield return full;
                }
    }
}
