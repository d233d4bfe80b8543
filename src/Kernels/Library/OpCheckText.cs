using System.Runtime.CompilerServices;

namespace KernelGen.Kernels;

/// <summary>
/// The shape text of an <see cref="OpChecks.Length{T}(string, string, ArrayView{T}, long, LengthCheckText{T})"/> message,
/// written as an interpolated string at the call site but formatted only when the check fails: a passing check (every
/// launch of a training step) builds no string and does not even evaluate the holes.
/// </summary>
[InterpolatedStringHandler]
public ref struct LengthCheckText<T> where T : unmanaged
{
    private DefaultInterpolatedStringHandler _text;

    /// <summary>Starts the text only when <paramref name="view"/> does not hold exactly <paramref name="expected"/> elements.</summary>
    public LengthCheckText(int literalLength, int formattedCount, ArrayView<T> view, long expected, out bool fails)
    {
        fails = OpChecks.LengthFails(view, expected);
        _text = fails ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    /// <summary>Appends literal text.</summary>
    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    /// <summary>Appends a value.</summary>
    public void AppendFormatted<TValue>(TValue value) => _text.AppendFormatted(value);

    /// <summary>Appends a formatted value.</summary>
    public void AppendFormatted<TValue>(TValue value, string? format) => _text.AppendFormatted(value, format);

    /// <summary>The text (empty when the check passed).</summary>
    public override string ToString() => _text.ToStringAndClear();
}

/// <summary>The "what" text of an <see cref="OpChecks.AtLeast{T}(string, string, ArrayView{T}, long, AtLeastCheckText{T})"/> message, formatted only on failure.</summary>
[InterpolatedStringHandler]
public ref struct AtLeastCheckText<T> where T : unmanaged
{
    private DefaultInterpolatedStringHandler _text;

    /// <summary>Starts the text only when <paramref name="view"/> holds fewer than <paramref name="needed"/> elements.</summary>
    public AtLeastCheckText(int literalLength, int formattedCount, ArrayView<T> view, long needed, out bool fails)
    {
        fails = OpChecks.AtLeastFails(view, needed);
        _text = fails ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    /// <summary>Appends literal text.</summary>
    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    /// <summary>Appends a value.</summary>
    public void AppendFormatted<TValue>(TValue value) => _text.AppendFormatted(value);

    /// <summary>Appends a formatted value.</summary>
    public void AppendFormatted<TValue>(TValue value, string? format) => _text.AppendFormatted(value, format);

    /// <summary>The text (empty when the check passed).</summary>
    public override string ToString() => _text.ToStringAndClear();
}
