namespace KernelGen;

/// <summary>An error reported by a backend (driver, runtime or compiler), with the call that failed.</summary>
public class AcceleratorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AcceleratorException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The device stopped answering or was lost (driver reset, hardware fault, context destroyed).</summary>
public sealed class DeviceLostException : AcceleratorException
{
    /// <summary>Creates the exception.</summary>
    public DeviceLostException(string message) : base(message) { }
}

/// <summary>A kernel's generated source did not compile for a device.</summary>
public sealed class KernelCompilationException : AcceleratorException
{
    /// <summary>Creates the exception.</summary>
    public KernelCompilationException(string message, string buildLog) : base(message) => BuildLog = buildLog;

    /// <summary>The device compiler's log.</summary>
    public string BuildLog { get; }
}
