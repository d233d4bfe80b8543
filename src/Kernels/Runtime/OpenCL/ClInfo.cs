using System.Text;
using static KernelGen.Runtime.OpenCL.ClNative;

namespace KernelGen.Runtime.OpenCL;

/// <summary>Typed reads of clGetPlatformInfo, clGetDeviceInfo and clGetProgramBuildInfo.</summary>
internal static unsafe class ClInfo
{
    public static string PlatformString(nint platform, uint param)
    {
        nuint size;
        ClError.Check(clGetPlatformInfo(platform, param, 0, null, &size), "clGetPlatformInfo", $"reading platform info 0x{param:X}");
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
            ClError.Check(clGetPlatformInfo(platform, param, size, p, null), "clGetPlatformInfo", $"reading platform info 0x{param:X}");
        return Decode(bytes);
    }

    public static string DeviceString(nint device, uint param)
    {
        nuint size;
        ClError.Check(clGetDeviceInfo(device, param, 0, null, &size), "clGetDeviceInfo", $"reading device info 0x{param:X}");
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
            ClError.Check(clGetDeviceInfo(device, param, size, p, null), "clGetDeviceInfo", $"reading device info 0x{param:X}");
        return Decode(bytes);
    }

    public static T DeviceValue<T>(nint device, uint param) where T : unmanaged
    {
        T value = default;
        ClError.Check(clGetDeviceInfo(device, param, (nuint)sizeof(T), &value, null), "clGetDeviceInfo", $"reading device info 0x{param:X}");
        return value;
    }

    /// <summary>A value the device may not report (an optional query): null instead of an error.</summary>
    public static T? TryDeviceValue<T>(nint device, uint param) where T : unmanaged
    {
        T value = default;
        return clGetDeviceInfo(device, param, (nuint)sizeof(T), &value, null) == CL_SUCCESS ? value : null;
    }

    public static nuint[] DeviceSizes(nint device, uint param)
    {
        nuint size;
        ClError.Check(clGetDeviceInfo(device, param, 0, null, &size), "clGetDeviceInfo", $"reading device info 0x{param:X}");
        var values = new nuint[(int)size / sizeof(nuint)];
        fixed (nuint* p = values)
            ClError.Check(clGetDeviceInfo(device, param, size, p, null), "clGetDeviceInfo", $"reading device info 0x{param:X}");
        return values;
    }

    /// <summary>The build log of <paramref name="program"/> for <paramref name="device"/>; never throws.</summary>
    public static string BuildLog(nint program, nint device)
    {
        nuint size;
        if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, &size) != CL_SUCCESS || size == 0)
            return "(no build log available)";
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
            if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, size, p, null) != CL_SUCCESS)
                return "(no build log available)";
        return Decode(bytes).Trim();
    }

    private static string Decode(byte[] bytes)
    {
        int end = Array.IndexOf(bytes, (byte)0);
        return Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end).Trim();
    }
}
