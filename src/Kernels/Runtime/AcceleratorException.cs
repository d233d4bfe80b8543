namespace KernelGen;

/// <summary>An error reported by a backend (driver, runtime or compiler), with the call that failed.</summary>
public class AcceleratorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AcceleratorException(string message, Exception? inner = null) : base(message, inner) { }
}
