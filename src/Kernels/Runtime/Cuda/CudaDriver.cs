using System.Runtime.InteropServices;

namespace KernelGen.Runtime.Cuda;

/// <summary>
/// CUDA driver API entry points (libcuda). Handles are opaque pointers; <c>CUdeviceptr</c> is pointer-sized
/// and <c>CUdevice</c> an int. Every function returns a <c>CUresult</c> (0 = success), checked by
/// <see cref="CudaErrors.Check"/>. The library must be loaded with <see cref="NativeLibraries.TryLoad"/> first.
/// Only entry points present since CUDA 11.2 drivers are used, except the graph functions (11.4+),
/// which are bound for CUDA Graphs replay and resolved lazily on first call.
/// </summary>
internal static unsafe partial class CudaDriver
{
    private const string Lib = NativeLibraries.Cuda;

    // Initialization, version, devices.
    [LibraryImport(Lib)] public static partial int cuInit(uint flags);
    [LibraryImport(Lib)] public static partial int cuDriverGetVersion(int* version);
    [LibraryImport(Lib)] public static partial int cuDeviceGetCount(int* count);
    [LibraryImport(Lib)] public static partial int cuDeviceGet(int* device, int ordinal);
    [LibraryImport(Lib)] public static partial int cuDeviceGetName(byte* name, int length, int device);
    [LibraryImport(Lib)] public static partial int cuDeviceTotalMem_v2(nuint* bytes, int device);
    [LibraryImport(Lib)] public static partial int cuDeviceGetAttribute(int* value, int attribute, int device);

    // Contexts.
    [LibraryImport(Lib)] public static partial int cuDevicePrimaryCtxRetain(IntPtr* context, int device);
    [LibraryImport(Lib)] public static partial int cuDevicePrimaryCtxRelease_v2(int device);
    [LibraryImport(Lib)] public static partial int cuCtxSetCurrent(IntPtr context);
    [LibraryImport(Lib)] public static partial int cuCtxPushCurrent_v2(IntPtr context);
    [LibraryImport(Lib)] public static partial int cuCtxPopCurrent_v2(IntPtr* context);
    [LibraryImport(Lib)] public static partial int cuCtxGetDevice(int* device);

    // Memory.
    [LibraryImport(Lib)] public static partial int cuMemAlloc_v2(IntPtr* devicePointer, nuint bytes);
    [LibraryImport(Lib)] public static partial int cuMemFree_v2(IntPtr devicePointer);
    [LibraryImport(Lib)] public static partial int cuMemHostAlloc(void** pointer, nuint bytes, uint flags);
    [LibraryImport(Lib)] public static partial int cuMemFreeHost(void* pointer);
    [LibraryImport(Lib)] public static partial int cuMemcpyHtoDAsync_v2(IntPtr dst, void* src, nuint bytes, IntPtr stream);
    [LibraryImport(Lib)] public static partial int cuMemcpyDtoHAsync_v2(void* dst, IntPtr src, nuint bytes, IntPtr stream);
    [LibraryImport(Lib)] public static partial int cuMemcpyDtoDAsync_v2(IntPtr dst, IntPtr src, nuint bytes, IntPtr stream);
    [LibraryImport(Lib)] public static partial int cuMemsetD32Async(IntPtr dst, uint value, nuint count, IntPtr stream);

    // Streams.
    [LibraryImport(Lib)] public static partial int cuStreamCreate(IntPtr* stream, uint flags);
    [LibraryImport(Lib)] public static partial int cuStreamSynchronize(IntPtr stream);
    [LibraryImport(Lib)] public static partial int cuStreamDestroy_v2(IntPtr stream);

    // Modules and launches.
    [LibraryImport(Lib)] public static partial int cuModuleLoadData(IntPtr* module, void* image);
    [LibraryImport(Lib)] public static partial int cuModuleGetFunction(IntPtr* function, IntPtr module, byte* name);
    [LibraryImport(Lib)] public static partial int cuModuleUnload(IntPtr module);
    [LibraryImport(Lib)]
    public static partial int cuLaunchKernel(IntPtr function, uint gridX, uint gridY, uint gridZ,
        uint blockX, uint blockY, uint blockZ, uint sharedMemBytes, IntPtr stream, void** parameters, void** extra);

    // Events.
    [LibraryImport(Lib)] public static partial int cuEventCreate(IntPtr* evt, uint flags);
    [LibraryImport(Lib)] public static partial int cuEventRecord(IntPtr evt, IntPtr stream);
    [LibraryImport(Lib)] public static partial int cuEventSynchronize(IntPtr evt);
    [LibraryImport(Lib)] public static partial int cuEventQuery(IntPtr evt);
    [LibraryImport(Lib)] public static partial int cuEventElapsedTime(float* milliseconds, IntPtr start, IntPtr end);
    [LibraryImport(Lib)] public static partial int cuEventDestroy_v2(IntPtr evt);

    // Errors.
    [LibraryImport(Lib)] public static partial int cuGetErrorName(int error, byte** name);
    [LibraryImport(Lib)] public static partial int cuGetErrorString(int error, byte** text);

    // CUDA Graphs: a captured training step (CudaCapturedWork).
    [LibraryImport(Lib)] public static partial int cuStreamBeginCapture_v2(IntPtr stream, int mode);
    [LibraryImport(Lib)] public static partial int cuStreamEndCapture(IntPtr stream, IntPtr* graph);
    [LibraryImport(Lib)] public static partial int cuGraphInstantiateWithFlags(IntPtr* graphExec, IntPtr graph, ulong flags);
    [LibraryImport(Lib)] public static partial int cuGraphLaunch(IntPtr graphExec, IntPtr stream);
    [LibraryImport(Lib)] public static partial int cuGraphExecDestroy(IntPtr graphExec);
    [LibraryImport(Lib)] public static partial int cuGraphDestroy(IntPtr graph);

    /// <summary><c>CU_STREAM_NON_BLOCKING</c>: no implicit synchronization with the legacy NULL stream.</summary>
    public const uint StreamNonBlocking = 1;

    /// <summary><c>CU_EVENT_DEFAULT</c>: timing enabled.</summary>
    public const uint EventDefault = 0;

    /// <summary><c>CUstreamCaptureMode</c> values for <see cref="cuStreamBeginCapture_v2"/>.</summary>
    public const int CaptureModeGlobal = 0, CaptureModeThreadLocal = 1, CaptureModeRelaxed = 2;
}
