using System.Runtime.InteropServices;
using System.Text;

namespace KernelGen.Runtime.Cuda;

/// <summary>Compiles generated CUDA C with NVRTC, through the on-disk <see cref="CudaKernelCache"/>.</summary>
internal static unsafe class CudaCompiler
{
    private static readonly Lazy<(int Major, int Minor)> Version = new(() =>
    {
        int major, minor;
        Nvrtc.Check(Nvrtc.nvrtcVersion(&major, &minor), "nvrtcVersion");
        return (major, minor);
    });

    private static readonly Lazy<int[]> Archs = new(() =>
    {
        int count;
        Nvrtc.Check(Nvrtc.nvrtcGetNumSupportedArchs(&count), "nvrtcGetNumSupportedArchs");
        var archs = new int[count];
        fixed (int* p = archs) Nvrtc.Check(Nvrtc.nvrtcGetSupportedArchs(p), "nvrtcGetSupportedArchs");
        return archs;
    });

    private static long _compileCount;

    /// <summary>Number of NVRTC compilations in this process (cache hits do not count).</summary>
    public static long CompileCount => Interlocked.Read(ref _compileCount);

    /// <summary>NVRTC's version (the library must be loaded).</summary>
    public static (int Major, int Minor) NvrtcVersion() => Version.Value;

    /// <summary>
    /// CUBIN for the device's own architecture when NVRTC supports it; otherwise PTX for the highest supported
    /// architecture below it (the driver JIT-compiles PTX forward). Null if NVRTC supports nothing that old.
    /// </summary>
    public static CudaTarget? SelectTarget(int deviceArch, IReadOnlyCollection<int> supported)
    {
        if (supported.Contains(deviceArch)) return new CudaTarget(deviceArch, Ptx: false);
        var below = supported.Where(a => a < deviceArch).ToArray();
        return below.Length == 0 ? null : new CudaTarget(below.Max(), Ptx: true);
    }

    /// <summary>The image of <paramref name="kernel"/> for <paramref name="device"/>, from the cache unless <paramref name="readCache"/> is false.</summary>
    public static CudaImage Compile(KernelDefinition kernel, CudaDevice device, bool readCache = true)
    {
        var (major, minor) = device.ComputeCapability;
        var (nvMajor, nvMinor) = NvrtcVersion();
        string nvrtc = $"{nvMajor}.{nvMinor}";
        var target = SelectTarget(major * 10 + minor, Archs.Value)
            ?? throw new AcceleratorException(
                $"Kernel '{kernel.Name}': NVRTC {nvrtc} cannot target {device.Name} (compute capability {major}.{minor}); " +
                $"it supports sm_{string.Join(", sm_", Archs.Value)}.");
        string path = CudaKernelCache.PathFor(CudaKernelCache.Key(kernel.CudaSource, target.ToString(), nvrtc), target.Ptx);
        if (readCache && CudaKernelCache.TryRead(path) is { Length: > 0 } cached)
            return new CudaImage(cached, target, path, FromCache: true);

        var image = Build(kernel, target, $"{device.Id} {device.Name} ({target}, NVRTC {nvrtc})");
        CudaKernelCache.TryWrite(path, image);
        return new CudaImage(image, target, path, FromCache: false);
    }

    private static byte[] Build(KernelDefinition kernel, CudaTarget target, string where)
    {
        Interlocked.Increment(ref _compileCount);
        string[] options = [$"--gpu-architecture={target}", "-default-device"];
        var strings = new List<IntPtr>();
        IntPtr program = IntPtr.Zero;
        try
        {
            IntPtr Utf8(string s)
            {
                var p = Marshal.StringToCoTaskMemUTF8(s);
                strings.Add(p);
                return p;
            }
            Nvrtc.Check(Nvrtc.nvrtcCreateProgram(&program, (byte*)Utf8(kernel.CudaSource), (byte*)Utf8("kernel.cu"), 0, null, null),
                $"nvrtcCreateProgram for kernel '{kernel.Name}'");
            byte** optionPointers = stackalloc byte*[options.Length];
            for (int i = 0; i < options.Length; i++) optionPointers[i] = (byte*)Utf8(options[i]);
            int result = Nvrtc.nvrtcCompileProgram(program, options.Length, optionPointers);
            if (result == Nvrtc.ErrorCompilation)
            {
                string log = Log(program);
                throw new KernelCompilationException(CudaBuildLog.FormatError(kernel, where, log), log);
            }
            Nvrtc.Check(result, $"nvrtcCompileProgram for kernel '{kernel.Name}' on {where}");
            nuint size;
            byte[] image;
            if (target.Ptx)
            {
                Nvrtc.Check(Nvrtc.nvrtcGetPTXSize(program, &size), "nvrtcGetPTXSize");
                image = new byte[(int)size];
                fixed (byte* p = image) Nvrtc.Check(Nvrtc.nvrtcGetPTX(program, p), "nvrtcGetPTX");
            }
            else
            {
                Nvrtc.Check(Nvrtc.nvrtcGetCUBINSize(program, &size), "nvrtcGetCUBINSize");
                image = new byte[(int)size];
                fixed (byte* p = image) Nvrtc.Check(Nvrtc.nvrtcGetCUBIN(program, p), "nvrtcGetCUBIN");
            }
            return image;
        }
        finally
        {
            if (program != IntPtr.Zero) Nvrtc.nvrtcDestroyProgram(&program);
            foreach (var p in strings) Marshal.FreeCoTaskMem(p);
        }
    }

    private static string Log(IntPtr program)
    {
        nuint size;
        if (Nvrtc.nvrtcGetProgramLogSize(program, &size) != 0 || size <= 1) return "(NVRTC gave no log)";
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
            if (Nvrtc.nvrtcGetProgramLog(program, p) != 0) return "(NVRTC log unavailable)";
        return Encoding.UTF8.GetString(((ReadOnlySpan<byte>)bytes).Split0());
    }
}
