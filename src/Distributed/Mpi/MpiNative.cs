using System.Runtime.InteropServices;

namespace KernelGen.Distributed.Mpi;

/// <summary>
/// The few MPI functions data-parallel training calls, bound to Open MPI's <c>libmpi.so.40</c>. Open MPI's handles
/// (communicators, datatypes, operations) are pointers to objects the library exports, found by
/// <see cref="MpiLibrary"/>; every one is passed as an <see cref="nint"/>, so nothing is marshalled.
/// </summary>
internal static unsafe partial class MpiNative
{
    private const string Lib = NativeLibraries.Mpi;

    public const int ThreadSerialized = 2;
    public const int Success = 0;
    public const int MaxErrorString = 256;
    public const int MaxLibraryVersionString = 256;

    /// <summary>Open MPI's <c>MPI_IN_PLACE</c>.</summary>
    public static readonly void* InPlace = (void*)1;

    [LibraryImport(Lib)] public static partial int MPI_Init_thread(int* argc, byte*** argv, int required, int* provided);
    [LibraryImport(Lib)] public static partial int MPI_Initialized(int* flag);
    [LibraryImport(Lib)] public static partial int MPI_Finalized(int* flag);
    [LibraryImport(Lib)] public static partial int MPI_Finalize();
    [LibraryImport(Lib)] public static partial int MPI_Abort(nint comm, int errorCode);
    [LibraryImport(Lib)] public static partial int MPI_Comm_rank(nint comm, int* rank);
    [LibraryImport(Lib)] public static partial int MPI_Comm_size(nint comm, int* size);
    [LibraryImport(Lib)] public static partial int MPI_Allreduce(void* send, void* receive, int count, nint type, nint op, nint comm);
    [LibraryImport(Lib)] public static partial int MPI_Allgather(void* send, int sendCount, nint sendType, void* receive, int receiveCount, nint receiveType, nint comm);
    [LibraryImport(Lib)] public static partial int MPI_Bcast(void* buffer, int count, nint type, int root, nint comm);
    [LibraryImport(Lib)] public static partial int MPI_Get_library_version(byte* version, int* length);
    [LibraryImport(Lib)] public static partial int MPI_Error_string(int code, byte* text, int* length);
}
