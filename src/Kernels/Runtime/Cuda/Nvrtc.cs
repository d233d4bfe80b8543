using System.Runtime.InteropServices;

namespace KernelGen.Runtime.Cuda;

/// <summary>
/// NVRTC entry points (libnvrtc): runtime compilation of CUDA C to CUBIN or PTX. Each returns an
/// <c>nvrtcResult</c> (0 = success). Load the library with <see cref="NativeLibraries.TryLoad"/> first.
/// </summary>
internal static unsafe partial class Nvrtc
{
    private const string Lib = NativeLibraries.Nvrtc;

    /// <summary><c>NVRTC_ERROR_COMPILATION</c>: the source did not compile; the log says why.</summary>
    public const int ErrorCompilation = 6;

    [LibraryImport(Lib)] public static partial int nvrtcVersion(int* major, int* minor);
    [LibraryImport(Lib)] public static partial int nvrtcGetNumSupportedArchs(int* count);
    [LibraryImport(Lib)] public static partial int nvrtcGetSupportedArchs(int* archs);
    [LibraryImport(Lib)]
    public static partial int nvrtcCreateProgram(IntPtr* program, byte* source, byte* name, int headerCount, byte** headers, byte** includeNames);
    [LibraryImport(Lib)] public static partial int nvrtcCompileProgram(IntPtr program, int optionCount, byte** options);
    [LibraryImport(Lib)] public static partial int nvrtcGetProgramLogSize(IntPtr program, nuint* size);
    [LibraryImport(Lib)] public static partial int nvrtcGetProgramLog(IntPtr program, byte* log);
    [LibraryImport(Lib)] public static partial int nvrtcGetCUBINSize(IntPtr program, nuint* size);
    [LibraryImport(Lib)] public static partial int nvrtcGetCUBIN(IntPtr program, byte* cubin);
    [LibraryImport(Lib)] public static partial int nvrtcGetPTXSize(IntPtr program, nuint* size);
    [LibraryImport(Lib)] public static partial int nvrtcGetPTX(IntPtr program, byte* ptx);
    [LibraryImport(Lib)] public static partial int nvrtcDestroyProgram(IntPtr* program);
    [LibraryImport(Lib)] public static partial byte* nvrtcGetErrorString(int result);

    /// <summary>Throws <see cref="AcceleratorException"/> naming <paramref name="call"/> if <paramref name="result"/> is not success.</summary>
    public static void Check(int result, string call)
    {
        if (result != 0) throw new AcceleratorException($"{call} failed: {ErrorString(result)} (nvrtcResult {result}).");
    }

    /// <summary>NVRTC's text for <paramref name="result"/>.</summary>
    public static string ErrorString(int result) =>
        Marshal.PtrToStringUTF8((IntPtr)nvrtcGetErrorString(result)) ?? $"NVRTC error {result}";
}
