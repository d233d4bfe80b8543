using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KernelGen.Runtime.Cuda;

/// <summary>
/// Turns <c>CUresult</c> codes into exceptions: <see cref="DeviceLostException"/> for errors after which the
/// context (or device) cannot be used any more, <see cref="AcceleratorException"/> otherwise. Messages name the
/// call, the error name and the driver's description.
/// </summary>
internal static unsafe class CudaErrors
{
    public const int Success = 0;
    public const int NotInitialized = 3;
    public const int Deinitialized = 4;
    public const int InsufficientDriver = 35;
    public const int DevicesUnavailable = 46;
    public const int NoDevice = 100;
    public const int InvalidImage = 200;
    public const int NoBinaryForGpu = 209;
    public const int EccUncorrectable = 214;
    public const int InvalidPtx = 218;
    public const int NvlinkUncorrectable = 220;
    public const int UnsupportedPtxVersion = 222;
    public const int IllegalAddress = 700;
    public const int LaunchTimeout = 702;
    public const int ContextIsDestroyed = 709;
    public const int Assert = 710;
    public const int HardwareStackError = 714;
    public const int IllegalInstruction = 715;
    public const int MisalignedAddress = 716;
    public const int InvalidAddressSpace = 717;
    public const int InvalidPc = 718;
    public const int LaunchFailed = 719;
    public const int SystemDriverMismatch = 803;
    public const int CompatNotSupportedOnDevice = 804;

    // Names for the codes above, for when the driver cannot be asked (e.g. a failed cuInit on an old driver).
    private static readonly Dictionary<int, string> KnownNames = new()
    {
        [NotInitialized] = "CUDA_ERROR_NOT_INITIALIZED",
        [Deinitialized] = "CUDA_ERROR_DEINITIALIZED",
        [InsufficientDriver] = "CUDA_ERROR_INSUFFICIENT_DRIVER",
        [DevicesUnavailable] = "CUDA_ERROR_DEVICES_UNAVAILABLE",
        [NoDevice] = "CUDA_ERROR_NO_DEVICE",
        [InvalidImage] = "CUDA_ERROR_INVALID_IMAGE",
        [NoBinaryForGpu] = "CUDA_ERROR_NO_BINARY_FOR_GPU",
        [EccUncorrectable] = "CUDA_ERROR_ECC_UNCORRECTABLE",
        [InvalidPtx] = "CUDA_ERROR_INVALID_PTX",
        [NvlinkUncorrectable] = "CUDA_ERROR_NVLINK_UNCORRECTABLE",
        [UnsupportedPtxVersion] = "CUDA_ERROR_UNSUPPORTED_PTX_VERSION",
        [IllegalAddress] = "CUDA_ERROR_ILLEGAL_ADDRESS",
        [LaunchTimeout] = "CUDA_ERROR_LAUNCH_TIMEOUT",
        [ContextIsDestroyed] = "CUDA_ERROR_CONTEXT_IS_DESTROYED",
        [Assert] = "CUDA_ERROR_ASSERT",
        [HardwareStackError] = "CUDA_ERROR_HARDWARE_STACK_ERROR",
        [IllegalInstruction] = "CUDA_ERROR_ILLEGAL_INSTRUCTION",
        [MisalignedAddress] = "CUDA_ERROR_MISALIGNED_ADDRESS",
        [InvalidAddressSpace] = "CUDA_ERROR_INVALID_ADDRESS_SPACE",
        [InvalidPc] = "CUDA_ERROR_INVALID_PC",
        [LaunchFailed] = "CUDA_ERROR_LAUNCH_FAILED",
        [SystemDriverMismatch] = "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH",
        [CompatNotSupportedOnDevice] = "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE",
    };

    /// <summary>Whether <paramref name="result"/> leaves the context unusable (the device is lost to this process).</summary>
    public static bool IsDeviceLost(int result) => result is
        LaunchFailed or IllegalAddress or EccUncorrectable or NvlinkUncorrectable or ContextIsDestroyed
        or DevicesUnavailable or NoDevice or Deinitialized or LaunchTimeout or Assert or HardwareStackError
        or IllegalInstruction or MisalignedAddress or InvalidAddressSpace or InvalidPc;

    /// <summary>Throws if <paramref name="result"/> is not success; <paramref name="call"/> names the driver call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(int result, string call)
    {
        if (result != Success) Throw(result, call);
    }

    /// <summary>The exception for a failed call.</summary>
    public static AcceleratorException Error(int result, string call)
    {
        var message = $"{call} failed: {Describe(result)}.";
        return IsDeviceLost(result)
            ? new DeviceLostException(message + " The CUDA context is no longer usable; dispose the accelerator and open the device again.")
            : new AcceleratorException(message);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(int result, string call) => throw Error(result, call);

    /// <summary>"NAME (description)" for <paramref name="result"/>, asking the driver when it can.</summary>
    public static string Describe(int result)
    {
        string name = Name(result);
        string? text = null;
        try
        {
            byte* p = null;
            if (CudaDriver.cuGetErrorString(result, &p) == Success && p != null) text = Marshal.PtrToStringUTF8((IntPtr)p);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        return text is null ? name : $"{name} ({text})";
    }

    /// <summary>The <c>CUDA_ERROR_*</c> name of <paramref name="result"/>.</summary>
    public static string Name(int result)
    {
        try
        {
            byte* p = null;
            if (CudaDriver.cuGetErrorName(result, &p) == Success && p != null)
                return Marshal.PtrToStringUTF8((IntPtr)p) ?? $"CUresult {result}";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        return KnownNames.TryGetValue(result, out var known) ? known : $"CUresult {result}";
    }

    /// <summary>A hint for the user when discovery fails with <paramref name="result"/>.</summary>
    public static string? Hint(int result) => result switch
    {
        NoDevice => "no NVIDIA GPU / driver",
        InsufficientDriver => "the NVIDIA driver is older than this CUDA runtime needs",
        SystemDriverMismatch => "the NVIDIA kernel module and libcuda versions differ (reload the driver or reboot)",
        CompatNotSupportedOnDevice => "the CUDA forward-compatibility package does not support this GPU",
        DevicesUnavailable => "all GPUs are busy or in exclusive/prohibited compute mode",
        _ => null,
    };
}
