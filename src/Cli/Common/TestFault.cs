namespace KernelGen.Cli;

/// <summary>
/// Failures the CLI tests provoke to check the last-resort handling (a real full disk, bug or exhausted memory
/// cannot be produced on demand): <c>KERNELGEN_TEST_FAULT</c> = <c>internal</c>, <c>io</c>, <c>memory</c>,
/// <c>overflow</c> or <c>thread</c> (an exception on another thread) makes the command fail so before it starts.
/// </summary>
internal static class TestFault
{
    /// <summary>The environment variable.</summary>
    public const string Variable = "KERNELGEN_TEST_FAULT";

    /// <summary>Throws the fault named by <see cref="Variable"/>, if any.</summary>
    public static void ThrowIfRequested()
    {
        switch (Environment.GetEnvironmentVariable(Variable))
        {
            case null or "": return;
            case "internal": throw new InvalidOperationException("test fault");
            case "io": throw new InvalidOperationException("saving failed", new IOException("No space left on device : '/test/checkpoint.safetensors'"));
            case "memory": throw new OutOfMemoryException("test fault");
            case "overflow": throw new OverflowException("test fault");
            case "thread":
                var thread = new Thread(() => throw new InvalidOperationException("test fault on another thread"));
                thread.Start();
                thread.Join();
                return;
            case var other: throw new ArgumentException($"{Variable}={other} is not one of internal, io, memory, overflow, thread.");
        }
    }
}
