namespace KernelGen;

/// <summary>
/// A tensor or buffer larger than a device can hold: more elements than a 32-bit index reaches, or more bytes
/// than the device's memory. An <see cref="ArgumentException"/>, since the sizes asked for (a batch, a layer
/// width) are the caller's input; the message says what was asked and the limit.
/// </summary>
public sealed class SizeLimitException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public SizeLimitException(string message) : base(message) { }
}
