using System.Runtime.CompilerServices;

namespace KernelGen.Kernels;

/// <summary>Validation shared by the host ops: every failure is an <see cref="ArgumentException"/> naming op, argument and sizes.</summary>
internal static class OpChecks
{
    /// <summary>The view's buffer name for messages.</summary>
    public static string Name<T>(ArrayView<T> view) where T : unmanaged => view.Buffer?.Name ?? "(empty)";

    /// <summary>Whether <see cref="Length{T}(string, string, ArrayView{T}, long, string)"/> would throw.</summary>
    public static bool LengthFails<T>(ArrayView<T> view, long expected) where T : unmanaged =>
        expected <= 0 || expected > int.MaxValue || view.IsEmpty || view.Length != expected;

    /// <summary>Whether <see cref="AtLeast{T}(string, string, ArrayView{T}, long, string)"/> would throw.</summary>
    public static bool AtLeastFails<T>(ArrayView<T> view, long needed) where T : unmanaged => view.IsEmpty || view.Length < needed;

    /// <summary>As <see cref="Length{T}(string, string, ArrayView{T}, long, string)"/>; the shape text is formatted only if the check fails.</summary>
    public static void Length<T>(string op, string arg, ArrayView<T> view, long expected,
        [InterpolatedStringHandlerArgument("view", "expected")] LengthCheckText<T> shape) where T : unmanaged
    {
        if (LengthFails(view, expected)) Length(op, arg, view, expected, shape.ToString());
    }

    /// <summary>As <see cref="AtLeast{T}(string, string, ArrayView{T}, long, string)"/>; the text is formatted only if the check fails.</summary>
    public static void AtLeast<T>(string op, string arg, ArrayView<T> view, long needed,
        [InterpolatedStringHandlerArgument("view", "needed")] AtLeastCheckText<T> what) where T : unmanaged
    {
        if (AtLeastFails(view, needed)) AtLeast(op, arg, view, needed, what.ToString());
    }

    /// <summary>Throws unless <paramref name="view"/> is non-empty and holds exactly <paramref name="expected"/> elements.</summary>
    public static void Length<T>(string op, string arg, ArrayView<T> view, long expected, string shape) where T : unmanaged
    {
        if (expected <= 0)
            throw new ArgumentException($"{op}: {arg} would be empty ({shape}).", arg);
        if (expected > int.MaxValue)
            throw new ArgumentException($"{op}: {arg} ({shape}) has {expected} elements, more than a view can index.", arg);
        if (view.IsEmpty)
            throw new ArgumentException($"{op}: {arg} is an empty view; {shape} needs {expected} elements.", arg);
        if (view.Length != expected)
            throw new ArgumentException($"{op}: {arg} ('{Name(view)}', {view.Length} elements) does not match {shape}: needs {expected}.", arg);
    }

    /// <summary>Throws unless <paramref name="view"/> holds at least <paramref name="needed"/> elements.</summary>
    public static void AtLeast<T>(string op, string arg, ArrayView<T> view, long needed, string what) where T : unmanaged
    {
        if (view.IsEmpty || view.Length < needed)
            throw new ArgumentException($"{op}: {arg} ('{Name(view)}', {(view.IsEmpty ? 0 : view.Length)} elements) is too small for {what}: needs {needed}.", arg);
    }

    /// <summary>Throws unless <paramref name="view"/> is a 1-element (or longer) scalar view.</summary>
    public static void Scalar<T>(string op, string arg, ArrayView<T> view) where T : unmanaged
    {
        if (view.IsEmpty || view.Length < 1)
            throw new ArgumentException($"{op}: {arg} must be a view of at least 1 element (got {(view.IsEmpty ? "an empty view" : "0 elements")}).", arg);
    }

    /// <summary>Throws unless <paramref name="value"/> is positive.</summary>
    public static void Positive(string op, string arg, int value)
    {
        if (value <= 0) throw new ArgumentException($"{op}: {arg} is {value}; it must be positive.", arg);
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and not negative.</summary>
    public static void NonNegative(string op, string arg, float value)
    {
        if (!(value >= 0f) || float.IsInfinity(value))
            throw new ArgumentException($"{op}: {arg} is {value}; it must be finite and not negative.", arg);
    }

    /// <summary>Throws unless <paramref name="value"/> is finite.</summary>
    public static void Finite(string op, string arg, float value)
    {
        if (!float.IsFinite(value)) throw new ArgumentException($"{op}: {arg} is {value}; it must be finite.", arg);
    }

    /// <summary>Throws unless lo &lt; value &lt; hi (open interval).</summary>
    public static void Open(string op, string arg, float value, float lo, float hi)
    {
        if (!(value > lo && value < hi)) throw new ArgumentException($"{op}: {arg} is {value}; it must lie in ({lo}, {hi}).", arg);
    }

    /// <summary>Throws unless lo &lt;= value &lt; hi.</summary>
    public static void HalfOpen(string op, string arg, float value, float lo, float hi)
    {
        if (!(value >= lo && value < hi)) throw new ArgumentException($"{op}: {arg} is {value}; it must lie in [{lo}, {hi}).", arg);
    }

    /// <summary>Throws unless <paramref name="view"/> splits into <paramref name="batch"/> equal rows; returns the row length.</summary>
    public static int Rows<T>(string op, string arg, ArrayView<T> view, int batch) where T : unmanaged
    {
        if (view.IsEmpty || view.Length == 0 || view.Length % batch != 0)
            throw new ArgumentException(
                $"{op}: {arg} ('{Name(view)}', {(view.IsEmpty ? 0 : view.Length)} elements) is not a non-empty whole number of rows for batch {batch}.", arg);
        return view.Length / batch;
    }

    /// <summary>Throws unless <paramref name="reduction"/> is a defined value.</summary>
    public static void Reduction(string op, LossReduction reduction)
    {
        if (reduction is not (LossReduction.Mean or LossReduction.Sum))
            throw new ArgumentException($"{op}: reduction {(int)reduction} is not Mean or Sum.", nameof(reduction));
    }

    /// <summary>Throws unless <paramref name="value"/> &gt;= 0.</summary>
    public static void NonNegative(string op, string arg, int value)
    {
        if (value < 0) throw new ArgumentException($"{op}: {arg} is {value}; it must not be negative.", arg);
    }

    /// <summary>Throws unless <paramref name="b"/> has as many elements as <paramref name="a"/> (at least one).</summary>
    public static void SameLength<T, U>(string op, string nameA, ArrayView<T> a, string nameB, ArrayView<U> b)
        where T : unmanaged where U : unmanaged
    {
        if (a.Length == 0) throw new ArgumentException($"{op}: {nameA} ('{Name(a)}') is empty.", nameA);
        if (a.Length != b.Length)
            throw new ArgumentException(
                $"{op}: {nameB} ('{Name(b)}', {b.Length} elements) does not match {nameA} ('{Name(a)}', {a.Length} elements).", nameB);
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and positive.</summary>
    public static void PositiveFinite(string op, string arg, float value)
    {
        if (!(value > 0f) || float.IsInfinity(value))
            throw new ArgumentException($"{op}: {arg} is {value}; it must be positive and finite.", arg);
    }
}
