using System.Runtime.CompilerServices;

namespace KernelGen.Kernels;

/// <summary>Shape and view checks of the convolution ops; every failure is an <see cref="ArgumentException"/> naming op, argument and sizes.</summary>
internal static class ConvValidation
{
    public static ConvGeometry Check(string op, in Conv2dShape s)
    {
        CheckCommon(op, s.Batch, s.InChannels, s.Height, s.Width, s.OutChannels, s.KernelHeight, s.KernelWidth,
            s.StrideH, s.StrideW, s.PadH, s.PadW, s.DilationH, s.DilationW);
        int spanH = s.DilationH * (s.KernelHeight - 1) + 1, spanW = s.DilationW * (s.KernelWidth - 1) + 1;
        int paddedH = s.Height + 2 * s.PadH, paddedW = s.Width + 2 * s.PadW;
        if (spanH > paddedH || spanW > paddedW)
            throw new ArgumentException($"{op}: the kernel {s.KernelHeight}×{s.KernelWidth} (dilation {s.DilationH}×{s.DilationW}) spans " +
                $"{spanH}×{spanW}, larger than the padded input {paddedH}×{paddedW}: the output would be empty.", "shape");
        return Geometry(op, ConvGeometry.Of(s));
    }

    public static ConvGeometry Check(string op, in ConvTranspose2dShape s)
    {
        CheckCommon(op, s.Batch, s.InChannels, s.Height, s.Width, s.OutChannels, s.KernelHeight, s.KernelWidth,
            s.StrideH, s.StrideW, s.PadH, s.PadW, s.DilationH, s.DilationW);
        if (s.OutputPadH < 0 || s.OutputPadW < 0
            || s.OutputPadH >= Math.Max(s.StrideH, s.DilationH) || s.OutputPadW >= Math.Max(s.StrideW, s.DilationW))
            throw new ArgumentException($"{op}: output padding {s.OutputPadH}×{s.OutputPadW} must be non-negative and smaller than " +
                $"the stride or the dilation ({s.StrideH}×{s.StrideW}, {s.DilationH}×{s.DilationW}).", "shape");
        if (s.OutHeight <= 0 || s.OutWidth <= 0)
            throw new ArgumentException($"{op}: the output would be empty: {s.Height}×{s.Width} input, kernel {s.KernelHeight}×{s.KernelWidth}, " +
                $"stride {s.StrideH}×{s.StrideW}, padding {s.PadH}×{s.PadW} give {s.OutHeight}×{s.OutWidth}.", "shape");
        return Geometry(op, ConvGeometry.Of(s));
    }

    /// <summary>As <see cref="AtLeast(string, string, ArrayView{float}, long, string)"/>; the text is formatted only if the check fails.</summary>
    public static void AtLeast(string op, string arg, ArrayView<float> view, long needed,
        [InterpolatedStringHandlerArgument("view", "needed")] AtLeastCheckText<float> what)
    {
        if (OpChecks.AtLeastFails(view, needed)) AtLeast(op, arg, view, needed, what.ToString());
    }

    /// <summary>As <see cref="Exactly(string, string, ArrayView{float}, long, string)"/>; the text is formatted only if the check fails.</summary>
    public static void Exactly(string op, string arg, ArrayView<float> view, long needed,
        [InterpolatedStringHandlerArgument("view", "needed")] LengthCheckText<float> what)
    {
        if (OpChecks.LengthFails(view, needed)) Exactly(op, arg, view, needed, what.ToString());
    }

    /// <summary>A view that must hold at least <paramref name="needed"/> elements.</summary>
    public static void AtLeast(string op, string arg, ArrayView<float> view, long needed, string what)
    {
        if (view.IsEmpty || view.Length < needed)
            throw new ArgumentException($"{op}: {arg} ('{view.Buffer?.Name}', {view.Length} elements) is too small for {what}: needs {needed}.", arg);
    }

    /// <summary>A view that must hold exactly <paramref name="needed"/> elements (weights, bias): another size means the channels disagree.</summary>
    public static void Exactly(string op, string arg, ArrayView<float> view, long needed, string what)
    {
        if (view.IsEmpty || view.Length != needed)
            throw new ArgumentException($"{op}: {arg} ('{view.Buffer?.Name}', {view.Length} elements) does not match {what} " +
                $"({needed} elements): the channel counts disagree.", arg);
    }

    /// <summary>Scratch of at least <paramref name="needed"/> elements; returns the number of images it lets run at once.</summary>
    public static int Slabs(string op, ArrayView<float> scratch, in ConvGeometry g, long needed)
    {
        if (scratch.IsEmpty || scratch.Length < needed)
            throw new ArgumentException($"{op}: scratch ('{scratch.Buffer?.Name}', {scratch.Length} elements) is too small: " +
                $"needs {needed} (see the op's ScratchLength).", nameof(scratch));
        return (int)Math.Min(g.N, scratch.Length / g.SlabLength);
    }

    private static void CheckCommon(string op, int n, int c, int h, int w, int k, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw)
    {
        if (n <= 0 || c <= 0 || h <= 0 || w <= 0 || k <= 0 || kh <= 0 || kw <= 0)
            throw new ArgumentException($"{op}: every size must be positive (an empty output is an error): batch {n}, in channels {c}, " +
                $"input {h}×{w}, out channels {k}, kernel {kh}×{kw}.", "shape");
        if (sh <= 0 || sw <= 0 || dh <= 0 || dw <= 0 || ph < 0 || pw < 0)
            throw new ArgumentException($"{op}: stride {sh}×{sw} and dilation {dh}×{dw} must be positive, padding {ph}×{pw} non-negative.", "shape");
    }

    private static ConvGeometry Geometry(string op, ConvGeometry g)
    {
        long col = (long)g.C * g.KH * g.KW * g.OH * g.OW;
        long img = (long)g.N * Math.Max((long)g.C * g.H * g.W, (long)g.K * g.OH * g.OW);
        if (col + (long)g.K * g.C * g.KH * g.KW > int.MaxValue || img > int.MaxValue)
            throw new ArgumentException($"{op}: the tensors or the column matrix exceed 2³¹ elements.", "shape");
        return g;
    }
}
