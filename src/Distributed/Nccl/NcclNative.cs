using System.Runtime.InteropServices;

namespace KernelGen.Distributed.Nccl;

/// <summary>The NCCL functions an all-reduce of the gradient arena needs (<c>libnccl.so.2</c>).</summary>
internal static unsafe partial class NcclNative
{
    private const string Lib = NativeLibraries.Nccl;

    public const int Success = 0;
    public const int Float32 = 7;
    public const int Sum = 0;
    public const int Avg = 4;
    /// <summary>ncclAvg came with NCCL 2.10 (version code 21000).</summary>
    public const int AvgSince = 21000;

    /// <summary>ncclUniqueId: 128 opaque bytes, passed by value to ncclCommInitRank.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct UniqueId
    {
        public fixed byte Internal[128];
    }

    [LibraryImport(Lib)] public static partial int ncclGetVersion(int* version);
    [LibraryImport(Lib)] public static partial int ncclGetUniqueId(UniqueId* id);
    [LibraryImport(Lib)] public static partial int ncclCommInitRank(nint* comm, int ranks, UniqueId id, int rank);
    [LibraryImport(Lib)] public static partial int ncclAllReduce(void* send, void* receive, nuint count, int type, int op, nint comm, nint stream);
    [LibraryImport(Lib)] public static partial int ncclGroupStart();
    [LibraryImport(Lib)] public static partial int ncclGroupEnd();
    [LibraryImport(Lib)] public static partial int ncclCommDestroy(nint comm);
    [LibraryImport(Lib)] public static partial byte* ncclGetErrorString(int result);
}
