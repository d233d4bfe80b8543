namespace KernelGen.Cli;

/// <summary>
/// A failure that is not the user's input (exit code 1): an I/O error such as a full disk, memory or a size
/// running out, or a bug. Each is one line on stderr; the stack trace follows only when <see cref="Verbose"/>.
/// </summary>
internal static class Failure
{
    /// <summary>Exit code of a failure.</summary>
    public const int ExitCode = 1;

    /// <summary>Writes the line (and, when verbose, the stack trace) on stderr.</summary>
    public static void Report(Exception e)
    {
        try
        {
            Console.Error.WriteLine($"kernelgen: {CliErrors.RankPrefix}{CliErrors.OneLine(Line(e))}");
            if (Verbose.Enabled) Console.Error.WriteLine(e);
        }
        catch (IOException)
        {
            // stderr itself cannot be written (e.g. redirected to a full disk): the exit code is all that is left.
        }
    }

    /// <summary>The one line for <paramref name="e"/>, from the first exception of its chain that says what failed.</summary>
    public static string Line(Exception e)
    {
        if (Find(e, x => x is IOException and not (FileNotFoundException or DirectoryNotFoundException)) is { } io)
            return $"I/O error{(io.TargetSite?.DeclaringType?.FullName == "System.ConsolePal" ? " writing the output" : "")}: {io.Message}";
        if (Find(e, x => x is Models.Training.ReplicaFailedException or Distributed.DataParallelException) is { } replicas)
            return replicas.Message;
        if (Find(e, x => x is OutOfMemoryException) is { } memory)
            return $"out of memory: {memory.Message}";
        if (Find(e, x => x is OverflowException) is { } overflow)
            return $"a size or count is too large (arithmetic overflow): {overflow.Message}";
        return $"internal error: {e.GetType().FullName}: {e.Message}"
            + (Verbose.Enabled ? "" : $" (rerun with --verbose or {Verbose.Variable}=1 for the stack trace)");
    }

    private static Exception? Find(Exception e, Func<Exception, bool> match)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (match(x)) return x;
        return null;
    }
}
