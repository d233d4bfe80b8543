namespace KernelGen;

/// <summary>
/// How often KernelGen's own code has gone to the file system in this process (tuning and kernel caches): a training
/// step after warm-up makes none, and <c>perf train --counters</c> reports it.
/// </summary>
public static class FileSystemCounter
{
    private static long _calls;

    /// <summary>File-system calls so far (an existence check, a read or a write each count one).</summary>
    public static long Calls => Interlocked.Read(ref _calls);

    internal static void Count(int calls = 1) => Interlocked.Add(ref _calls, calls);
}
