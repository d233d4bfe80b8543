using System.Runtime.InteropServices;
using System.Text;

namespace KernelGen.Distributed.Mpi;

/// <summary>
/// Loads Open MPI and finds the objects behind its predefined handles (<c>MPI_COMM_WORLD</c> is
/// <c>&amp;ompi_mpi_comm_world</c>, <c>MPI_FLOAT</c> is <c>&amp;ompi_mpi_float</c>, …). A missing library, or an
/// MPI that is not Open MPI (MPICH's handles are integers, not exported objects), makes MPI unavailable with the
/// reason.
/// </summary>
internal static unsafe class MpiLibrary
{
    private static readonly Lazy<(bool Ok, string Reason)> Probe = new(Load);

    public static nint CommWorld { get; private set; }
    public static nint Float { get; private set; }
    public static nint Int64 { get; private set; }
    public static nint Byte { get; private set; }
    public static nint Sum { get; private set; }
    public static nint Max { get; private set; }

    /// <summary>Whether Open MPI can be used; otherwise <paramref name="reason"/> says why not.</summary>
    public static bool TryLoad(out string reason)
    {
        (bool ok, reason) = Probe.Value;
        return ok;
    }

    /// <summary>
    /// Whether this Open MPI takes CUDA device pointers (<c>MPIX_Query_cuda_support</c>, present only in a CUDA-aware
    /// build; Debian's is not).
    /// </summary>
    public static bool CudaAware
    {
        get
        {
            if (!TryLoad(out _) || !NativeLibrary.TryGetExport(NativeLibraries.HandleOf(NativeLibraries.Mpi), "MPIX_Query_cuda_support", out var query)) return false;
            return ((delegate* unmanaged<int>)query)() != 0;
        }
    }

    /// <summary>The library's own description, e.g. <c>Open MPI v4.1.4, package: Debian OpenMPI, …</c>, first line.</summary>
    public static string Version()
    {
        var text = stackalloc byte[MpiNative.MaxLibraryVersionString];
        int length = 0;
        if (MpiNative.MPI_Get_library_version(text, &length) != MpiNative.Success) return "MPI";
        var version = Encoding.UTF8.GetString(text, Math.Max(0, length)).Trim('\0', ' ', '\n');
        int comma = version.IndexOf(',');
        return comma > 0 ? version[..comma] : version;
    }

    /// <summary>Throws naming the MPI call when it failed.</summary>
    public static void Check(int code, string call)
    {
        if (code == MpiNative.Success) return;
        var text = stackalloc byte[MpiNative.MaxErrorString];
        int length = 0;
        var message = MpiNative.MPI_Error_string(code, text, &length) == MpiNative.Success ? Encoding.UTF8.GetString(text, Math.Max(0, length)) : $"error {code}";
        throw new DataParallelException($"{call} failed: {message}.");
    }

    private static (bool, string) Load()
    {
        NativeLibraries.RegisterFor(typeof(MpiLibrary).Assembly);
        if (!NativeLibraries.TryLoad(NativeLibraries.Mpi, out var detail)) return (false, detail);
        var lib = NativeLibraries.HandleOf(NativeLibraries.Mpi);
        nint Export(string name) => NativeLibrary.TryGetExport(lib, name, out var address) ? address : 0;
        (CommWorld, Float, Int64, Byte, Sum, Max) = (Export("ompi_mpi_comm_world"), Export("ompi_mpi_float"), Export("ompi_mpi_int64_t"),
            Export("ompi_mpi_byte"), Export("ompi_mpi_op_sum"), Export("ompi_mpi_op_max"));
        if (CommWorld == 0 || Float == 0 || Int64 == 0 || Byte == 0 || Sum == 0 || Max == 0)
            return (false, $"{detail} is not Open MPI (it exports no ompi_mpi_comm_world); KernelGen binds Open MPI's handles only");
        return (true, detail);
    }
}
