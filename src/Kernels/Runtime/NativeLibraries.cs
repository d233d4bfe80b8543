using System.Reflection;
using System.Runtime.InteropServices;

namespace KernelGen;

/// <summary>
/// One <see cref="NativeLibrary"/> resolver for the native libraries. Bindings name a logical library
/// (<see cref="Cuda"/>, <see cref="Nvrtc"/>, <see cref="OpenCL"/>; <see cref="Mpi"/> and <see cref="Nccl"/> for
/// KernelGen.Distributed, which registers itself with <see cref="RegisterFor"/>); the resolver tries the versioned file names
/// in order and remembers what it tried, so a missing library becomes a readable reason instead of a crash.
/// </summary>
internal static class NativeLibraries
{
    public const string Cuda = "kernelgen-cuda";
    public const string Nvrtc = "kernelgen-nvrtc";
    public const string OpenCL = "kernelgen-opencl";
    public const string Mpi = "kernelgen-mpi";
    public const string Nccl = "kernelgen-nccl";

    /// <summary>The environment variable naming the NCCL library file to load before the usual names.</summary>
    public const string NcclVariable = "KERNELGEN_NCCL";

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

    /// <summary>Resolves the logical names for the bindings of another KernelGen assembly too.</summary>
    public static void RegisterFor(Assembly assembly)
    {
        EnsureRegistered();
        lock (Gate)
        {
            if (assembly == typeof(NativeLibraries).Assembly || !Others.Add(assembly)) return;
            NativeLibrary.SetDllImportResolver(assembly, Resolve);
        }
    }

    private static readonly HashSet<Assembly> Others = new();

    /// <summary>The handle of a logical library <see cref="TryLoad"/> loaded (zero when it did not), e.g. to find exported data.</summary>
    public static IntPtr HandleOf(string logical) => TryLoad(logical, out _) ? Loaded[logical].Handle : IntPtr.Zero;

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
        name is Cuda or Nvrtc or OpenCL or Mpi or Nccl && TryLoad(name, out _) ? Loaded[name].Handle : IntPtr.Zero;

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
        Mpi => "MPI library (Open MPI's libmpi.so.40: Debian's openmpi-bin)",
        Nccl => $"NCCL library (libnccl.so.2, e.g. inside a PyTorch installation; {NcclVariable}=FILE names another)",
        _ => "OpenCL ICD loader",
    };

    private static IEnumerable<string> Candidates(string logical)
    {
        string[] names = logical switch
        {
            Cuda => ["libcuda.so.1", "libcuda.so", "nvcuda.dll"],
            Mpi => ["libmpi.so.40", "libmpi.so"],
            Nccl => [.. NcclFiles()],
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

    /// <summary>Where NCCL is looked for: the file the variable names, the loader's path, then PyTorch's and pip's copies.</summary>
    private static IEnumerable<string> NcclFiles()
    {
        if (Environment.GetEnvironmentVariable(NcclVariable) is { Length: > 0 } file) yield return file;
        yield return "libnccl.so.2";
        yield return "libnccl.so";
        var home = Environment.GetEnvironmentVariable("HOME");
        var roots = new[] { "/usr/lib/python3/dist-packages", "/usr/local/lib", "/usr/lib", home is null ? null : Path.Combine(home, ".local", "lib") }
            .Where(r => r is not null && Directory.Exists(r)).Select(r => r!);
        foreach (var root in roots)
        {
            var pythons = root.EndsWith("packages", StringComparison.Ordinal) ? [root]
                : Directory.GetDirectories(root, "python3*").SelectMany(p => new[] { Path.Combine(p, "dist-packages"), Path.Combine(p, "site-packages") });
            foreach (var packages in pythons.Where(Directory.Exists))
                foreach (var dir in new[] { "nvidia/nccl/lib", "torch/lib" })
                {
                    var full = Path.Combine(packages, dir, "libnccl.so.2");
                    if (File.Exists(full)) yield return full;
                }
        }
    }
}
