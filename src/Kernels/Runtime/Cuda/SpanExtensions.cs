namespace KernelGen.Runtime.Cuda;

internal static class SpanExtensions
{
    /// <summary>The bytes before the first NUL.</summary>
    public static ReadOnlySpan<byte> Split0(this ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        return end < 0 ? bytes : bytes[..end];
    }
}
