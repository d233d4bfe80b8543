using System.Globalization;
using KernelGen.Graph.Checkpoints;

namespace KernelGen.Models.Training;

/// <summary>
/// An exclusive lock on a run folder while a run writes to it: an OS lock on <see cref="LockFile"/> (flock on
/// Linux and macOS, a share lock on Windows), released by the OS when the process ends however it ends, so a
/// killed run never leaves a stale lock. Who holds it is written to <see cref="OwnerFile"/> for the message a
/// second run gets. While it is held, the temporary files an earlier killed run left are safe to delete.
/// </summary>
public sealed class RunFolderLock : IDisposable
{
    /// <summary>The locked file (left in place; only the OS lock on it matters).</summary>
    public const string LockFile = ".kernelgen.lock";

    /// <summary>Who holds the lock: process id, command line and start time.</summary>
    public const string OwnerFile = ".kernelgen.owner";

    /// <summary>
    /// Whether opening failed because another process holds the lock: ERROR_SHARING_VIOLATION on Windows; on Unix .NET
    /// reports flock's EWOULDBLOCK as the raw errno (11 on Linux, 35 on macOS). Other I/O errors (EIO, no locks on
    /// the file system) are not "in use" and are reported as they are.
    /// </summary>
    private static bool LockedByAnother(IOException e) =>
        e.HResult == unchecked((int)0x80070020) || (!OperatingSystem.IsWindows() && e.HResult == (OperatingSystem.IsMacOS() ? 35 : 11));

    private readonly FileStream _stream;
    private readonly string _owner;

    private RunFolderLock(FileStream stream, string owner) => (_stream, _owner) = (stream, owner);

    /// <summary>
    /// Locks <paramref name="directory"/> (creating it); a folder locked by another run is an
    /// <see cref="ArgumentException"/> naming that run.
    /// </summary>
    public static RunFolderLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, LockFile);
        var owner = Path.Combine(directory, OwnerFile);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (LockedByAnother(e))
        {
            string who;
            try { who = File.Exists(owner) ? File.ReadAllText(owner).Trim() : "another process that is still checking its input"; }
            catch (IOException) { who = "another process"; }
            throw new ArgumentException($"Output folder '{directory}' is in use by another run ({who}); wait for it to end, or pass --out DIR for another folder.", e);
        }
        return new RunFolderLock(stream, owner);
    }

    /// <summary>
    /// Writes who holds the lock into <see cref="OwnerFile"/>, once a run has passed its checks and starts writing
    /// (a run refused for bad input leaves the folder exactly as it was). Removed again by <see cref="Dispose"/>.
    /// </summary>
    public void Announce()
    {
        var args = Environment.GetCommandLineArgs();
        AtomicFile.WriteText(_owner, string.Create(CultureInfo.InvariantCulture,
            $"pid {Environment.ProcessId}: {Path.GetFileNameWithoutExtension(args[0])} {string.Join(" ", args.Skip(1))}, since {DateTime.Now:yyyy-MM-dd HH:mm:ss}\n"));
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        try { File.Delete(_owner); }
        catch (IOException) { } // the lock matters, not this note
        _stream.Dispose();
    }
}
