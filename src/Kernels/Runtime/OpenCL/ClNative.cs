using System.Runtime.InteropServices;

namespace KernelGen.Runtime.OpenCL;

/// <summary>
/// OpenCL 1.2 entry points of the ICD loader. Every handle is a <see cref="nint"/>, every string a UTF-8
/// pointer and every size a <see cref="nuint"/>, so no call marshals anything. Call
/// <see cref="NativeLibraries.TryLoad"/> with <see cref="NativeLibraries.OpenCL"/> before the first call.
/// </summary>
internal static unsafe partial class ClNative
{
    private const string Lib = NativeLibraries.OpenCL;

    // Platform and device discovery.
    [LibraryImport(Lib)] public static partial int clGetPlatformIDs(uint numEntries, nint* platforms, uint* numPlatforms);
    [LibraryImport(Lib)] public static partial int clGetPlatformInfo(nint platform, uint param, nuint size, void* value, nuint* sizeRet);
    [LibraryImport(Lib)] public static partial int clGetDeviceIDs(nint platform, ulong type, uint numEntries, nint* devices, uint* numDevices);
    [LibraryImport(Lib)] public static partial int clGetDeviceInfo(nint device, uint param, nuint size, void* value, nuint* sizeRet);

    // Context and queues.
    [LibraryImport(Lib)] public static partial nint clCreateContext(nint* properties, uint numDevices, nint* devices, nint notify, nint userData, int* error);
    [LibraryImport(Lib)] public static partial int clReleaseContext(nint context);
    [LibraryImport(Lib)] public static partial nint clCreateCommandQueue(nint context, nint device, ulong properties, int* error);
    [LibraryImport(Lib)] public static partial int clReleaseCommandQueue(nint queue);
    [LibraryImport(Lib)] public static partial int clFlush(nint queue);
    [LibraryImport(Lib)] public static partial int clFinish(nint queue);

    // Buffers.
    [LibraryImport(Lib)] public static partial nint clCreateBuffer(nint context, ulong flags, nuint size, void* hostPtr, int* error);
    [LibraryImport(Lib)] public static partial int clReleaseMemObject(nint memory);
    [LibraryImport(Lib)] public static partial int clEnqueueWriteBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* ptr, uint numWait, nint* waitList, nint* evt);
    [LibraryImport(Lib)] public static partial int clEnqueueReadBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* ptr, uint numWait, nint* waitList, nint* evt);
    [LibraryImport(Lib)] public static partial int clEnqueueCopyBuffer(nint queue, nint src, nint dst, nuint srcOffset, nuint dstOffset, nuint size, uint numWait, nint* waitList, nint* evt);
    [LibraryImport(Lib)] public static partial void* clEnqueueMapBuffer(nint queue, nint buffer, uint blocking, ulong flags, nuint offset, nuint size, uint numWait, nint* waitList, nint* evt, int* error);
    [LibraryImport(Lib)] public static partial int clEnqueueUnmapMemObject(nint queue, nint memory, void* mapped, uint numWait, nint* waitList, nint* evt);
    [LibraryImport(Lib)] public static partial int clEnqueueFillBuffer(nint queue, nint buffer, void* pattern, nuint patternSize, nuint offset, nuint size, uint numWait, nint* waitList, nint* evt);

    // Programs and kernels.
    [LibraryImport(Lib)] public static partial nint clCreateProgramWithSource(nint context, uint count, byte** strings, nuint* lengths, int* error);
    [LibraryImport(Lib)] public static partial int clBuildProgram(nint program, uint numDevices, nint* devices, byte* options, nint notify, nint userData);
    [LibraryImport(Lib)] public static partial int clGetProgramBuildInfo(nint program, nint device, uint param, nuint size, void* value, nuint* sizeRet);
    [LibraryImport(Lib)] public static partial int clReleaseProgram(nint program);
    [LibraryImport(Lib)] public static partial nint clCreateKernel(nint program, byte* name, int* error);
    [LibraryImport(Lib)] public static partial int clReleaseKernel(nint kernel);
    [LibraryImport(Lib)] public static partial int clSetKernelArg(nint kernel, uint index, nuint size, void* value);
    [LibraryImport(Lib)] public static partial int clEnqueueNDRangeKernel(nint queue, nint kernel, uint workDim, nuint* globalOffset, nuint* globalSize, nuint* localSize, uint numWait, nint* waitList, nint* evt);

    // Events.
    [LibraryImport(Lib)] public static partial int clEnqueueMarkerWithWaitList(nint queue, uint numWait, nint* waitList, nint* evt);
    [LibraryImport(Lib)] public static partial int clWaitForEvents(uint numEvents, nint* events);
    [LibraryImport(Lib)] public static partial int clGetEventProfilingInfo(nint evt, uint param, nuint size, void* value, nuint* sizeRet);
    [LibraryImport(Lib)] public static partial int clReleaseEvent(nint evt);
    [LibraryImport(Lib)] public static partial int clGetEventInfo(nint evt, uint param, nuint size, void* value, nuint* sizeRet);

    public const int CL_SUCCESS = 0;
    public const uint CL_TRUE = 1;

    public const uint CL_PLATFORM_VERSION = 0x0901;
    public const uint CL_PLATFORM_NAME = 0x0902;

    public const ulong CL_DEVICE_TYPE_GPU = 1 << 2;
    public const ulong CL_DEVICE_TYPE_ALL = 0xFFFFFFFF;

    public const uint CL_DEVICE_TYPE = 0x1000;
    public const uint CL_DEVICE_MAX_COMPUTE_UNITS = 0x1002;
    public const uint CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS = 0x1003;
    public const uint CL_DEVICE_MAX_WORK_GROUP_SIZE = 0x1004;
    public const uint CL_DEVICE_MAX_WORK_ITEM_SIZES = 0x1005;
    public const uint CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT = 0x100A;
    public const uint CL_DEVICE_MAX_CLOCK_FREQUENCY = 0x100C;
    public const uint CL_DEVICE_MAX_MEM_ALLOC_SIZE = 0x1010;
    public const uint CL_DEVICE_GLOBAL_MEM_SIZE = 0x101F;
    public const uint CL_DEVICE_LOCAL_MEM_SIZE = 0x1023;
    public const uint CL_DEVICE_NAME = 0x102B;
    public const uint CL_DRIVER_VERSION = 0x102D;
    public const uint CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT = 0x103A;

    public const nint CL_CONTEXT_PLATFORM = 0x1084;
    public const ulong CL_QUEUE_PROFILING_ENABLE = 1 << 1;
    public const ulong CL_MEM_READ_WRITE = 1 << 0;
    public const ulong CL_MEM_ALLOC_HOST_PTR = 1 << 4;
    public const ulong CL_MAP_WRITE = 1 << 1;
    public const uint CL_FALSE = 0;
    public const uint CL_EVENT_COMMAND_EXECUTION_STATUS = 0x11D3;
    public const int CL_COMPLETE = 0;
    public const uint CL_PROGRAM_BUILD_LOG = 0x1183;
    public const uint CL_PROFILING_COMMAND_END = 0x1283;
}
