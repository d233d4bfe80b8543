namespace KernelGen;

/// <summary>The device stopped answering or was lost (driver reset, hardware fault, context destroyed).</summary>
public sealed class DeviceLostException : AcceleratorException
{
    /// <summary>Creates the exception.</summary>
    public DeviceLostException(string message) : base(message) { }
}
