namespace KernelGen;

/// <summary>A kernel's generated source did not compile for a device.</summary>
public sealed class KernelCompilationException : AcceleratorException
{
    /// <summary>Creates the exception.</summary>
    public KernelCompilationException(string message, string buildLog) : base(message) => BuildLog = buildLog;

    /// <summary>The device compiler's log.</summary>
    public string BuildLog { get; }
}
