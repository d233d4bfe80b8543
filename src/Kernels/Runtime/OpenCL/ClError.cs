namespace KernelGen.Runtime.OpenCL;

/// <summary>
/// OpenCL error codes by name, and the exceptions built from them. Every message names the call, the code
/// and what was being done; codes that mean the device is gone become <see cref="DeviceLostException"/>.
/// </summary>
internal static class ClError
{
    /// <summary>CL_PLATFORM_NOT_FOUND_KHR: the ICD loader found no platform (no ICD installed).</summary>
    public const int PlatformNotFound = -1001;

    /// <summary>CL_DEVICE_NOT_FOUND: a platform with no device of the asked type.</summary>
    public const int DeviceNotFound = -1;

    /// <summary>The symbolic name of <paramref name="code"/>, e.g. <c>CL_INVALID_WORK_GROUP_SIZE</c>.</summary>
    public static string Name(int code) => code switch
    {
        0 => "CL_SUCCESS",
        -1 => "CL_DEVICE_NOT_FOUND",
        -2 => "CL_DEVICE_NOT_AVAILABLE",
        -3 => "CL_COMPILER_NOT_AVAILABLE",
        -4 => "CL_MEM_OBJECT_ALLOCATION_FAILURE",
        -5 => "CL_OUT_OF_RESOURCES",
        -6 => "CL_OUT_OF_HOST_MEMORY",
        -7 => "CL_PROFILING_INFO_NOT_AVAILABLE",
        -8 => "CL_MEM_COPY_OVERLAP",
        -9 => "CL_IMAGE_FORMAT_MISMATCH",
        -10 => "CL_IMAGE_FORMAT_NOT_SUPPORTED",
        -11 => "CL_BUILD_PROGRAM_FAILURE",
        -12 => "CL_MAP_FAILURE",
        -13 => "CL_MISALIGNED_SUB_BUFFER_OFFSET",
        -14 => "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST",
        -15 => "CL_COMPILE_PROGRAM_FAILURE",
        -16 => "CL_LINKER_NOT_AVAILABLE",
        -17 => "CL_LINK_PROGRAM_FAILURE",
        -18 => "CL_DEVICE_PARTITION_FAILED",
        -19 => "CL_KERNEL_ARG_INFO_NOT_AVAILABLE",
        -30 => "CL_INVALID_VALUE",
        -31 => "CL_INVALID_DEVICE_TYPE",
        -32 => "CL_INVALID_PLATFORM",
        -33 => "CL_INVALID_DEVICE",
        -34 => "CL_INVALID_CONTEXT",
        -35 => "CL_INVALID_QUEUE_PROPERTIES",
        -36 => "CL_INVALID_COMMAND_QUEUE",
        -37 => "CL_INVALID_HOST_PTR",
        -38 => "CL_INVALID_MEM_OBJECT",
        -39 => "CL_INVALID_IMAGE_FORMAT_DESCRIPTOR",
        -40 => "CL_INVALID_IMAGE_SIZE",
        -41 => "CL_INVALID_SAMPLER",
        -42 => "CL_INVALID_BINARY",
        -43 => "CL_INVALID_BUILD_OPTIONS",
        -44 => "CL_INVALID_PROGRAM",
        -45 => "CL_INVALID_PROGRAM_EXECUTABLE",
        -46 => "CL_INVALID_KERNEL_NAME",
        -47 => "CL_INVALID_KERNEL_DEFINITION",
        -48 => "CL_INVALID_KERNEL",
        -49 => "CL_INVALID_ARG_INDEX",
        -50 => "CL_INVALID_ARG_VALUE",
        -51 => "CL_INVALID_ARG_SIZE",
        -52 => "CL_INVALID_KERNEL_ARGS",
        -53 => "CL_INVALID_WORK_DIMENSION",
        -54 => "CL_INVALID_WORK_GROUP_SIZE",
        -55 => "CL_INVALID_WORK_ITEM_SIZE",
        -56 => "CL_INVALID_GLOBAL_OFFSET",
        -57 => "CL_INVALID_EVENT_WAIT_LIST",
        -58 => "CL_INVALID_EVENT",
        -59 => "CL_INVALID_OPERATION",
        -60 => "CL_INVALID_GL_OBJECT",
        -61 => "CL_INVALID_BUFFER_SIZE",
        -62 => "CL_INVALID_MIP_LEVEL",
        -63 => "CL_INVALID_GLOBAL_WORK_SIZE",
        -64 => "CL_INVALID_PROPERTY",
        -65 => "CL_INVALID_IMAGE_DESCRIPTOR",
        -66 => "CL_INVALID_COMPILER_OPTIONS",
        -67 => "CL_INVALID_LINKER_OPTIONS",
        -68 => "CL_INVALID_DEVICE_PARTITION_COUNT",
        -69 => "CL_INVALID_PIPE_SIZE",
        -70 => "CL_INVALID_DEVICE_QUEUE",
        -1000 => "CL_INVALID_GL_SHAREGROUP_REFERENCE_KHR",
        -1001 => "CL_PLATFORM_NOT_FOUND_KHR",
        -9999 => "CL_NV_ILLEGAL_ACCESS (NVIDIA: kernel faulted)",
        _ => "unknown OpenCL error",
    };

    /// <summary>Throws if <paramref name="code"/> is not CL_SUCCESS.</summary>
    public static void Check(int code, string call, string doing)
    {
        if (code != ClNative.CL_SUCCESS) throw Fail(code, call, doing);
    }

    /// <summary>The exception for a failed call; <paramref name="doing"/> says what it was for.</summary>
    public static AcceleratorException Fail(int code, string call, string doing)
    {
        var message = $"{call} failed with {Name(code)} ({code}) while {doing}.";
        return IsDeviceLost(code, call)
            ? new DeviceLostException(message + " The OpenCL device is no longer usable; recreate the accelerator.")
            : new AcceleratorException(message);
    }

    /// <summary>
    /// Whether <paramref name="code"/> from <paramref name="call"/> means the device went away: the device is
    /// not available; resources ran out while commands executed (reported by the calls that wait); or the
    /// context or queue became invalid, which our own handles never are unless the driver lost them.
    /// </summary>
    public static bool IsDeviceLost(int code, string call) => code switch
    {
        -2 => true,
        -34 or -36 => true,
        -9999 => true,
        -5 or -14 => call is "clFinish" or "clWaitForEvents" or "clEnqueueReadBuffer" or "clEnqueueWriteBuffer" or "clFlush",
        _ => false,
    };
}
