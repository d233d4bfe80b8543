namespace KernelGen.Kernels;

/// <summary>
/// Shape of a 2-D convolution over NCHW images: x is (Batch, InChannels, Height, Width), the weights are
/// (OutChannels, InChannels, KernelHeight, KernelWidth), y is (Batch, OutChannels, OutHeight, OutWidth) with
/// OutHeight = ⌊(Height + 2·PadH − DilationH·(KernelHeight − 1) − 1) / StrideH⌋ + 1 (likewise for the width).
/// </summary>
/// <param name="Batch">Images in the batch (N).</param>
/// <param name="InChannels">Channels of x (C).</param>
/// <param name="Height">Rows of each x image.</param>
/// <param name="Width">Columns of each x image.</param>
/// <param name="OutChannels">Channels of y (K).</param>
/// <param name="KernelHeight">Rows of the kernel.</param>
/// <param name="KernelWidth">Columns of the kernel.</param>
public readonly record struct Conv2dShape(int Batch, int InChannels, int Height, int Width, int OutChannels, int KernelHeight, int KernelWidth)
{
    /// <summary>Vertical stride (default 1).</summary>
    public int StrideH { get; init; } = 1;
    /// <summary>Horizontal stride (default 1).</summary>
    public int StrideW { get; init; } = 1;
    /// <summary>Zero rows added above and below (default 0).</summary>
    public int PadH { get; init; }
    /// <summary>Zero columns added left and right (default 0).</summary>
    public int PadW { get; init; }
    /// <summary>Vertical spacing of kernel taps (default 1).</summary>
    public int DilationH { get; init; } = 1;
    /// <summary>Horizontal spacing of kernel taps (default 1).</summary>
    public int DilationW { get; init; } = 1;

    /// <summary>Rows of each y image (may be ≤ 0 for an invalid shape; the ops reject it).</summary>
    public int OutHeight => ConvGeometry.ConvOut(Height, KernelHeight, StrideH, PadH, DilationH);
    /// <summary>Columns of each y image.</summary>
    public int OutWidth => ConvGeometry.ConvOut(Width, KernelWidth, StrideW, PadW, DilationW);

    /// <summary>Elements of x.</summary>
    public long InputLength => (long)Batch * InChannels * Height * Width;
    /// <summary>Elements of y.</summary>
    public long OutputLength => (long)Batch * OutChannels * OutHeight * OutWidth;
    /// <summary>Elements of the weights.</summary>
    public long WeightLength => (long)OutChannels * InChannels * KernelHeight * KernelWidth;

    /// <summary>Sets both strides.</summary>
    public Conv2dShape WithStride(int s) => this with { StrideH = s, StrideW = s };
    /// <summary>Sets both paddings.</summary>
    public Conv2dShape WithPadding(int p) => this with { PadH = p, PadW = p };
    /// <summary>Sets both dilations.</summary>
    public Conv2dShape WithDilation(int d) => this with { DilationH = d, DilationW = d };
}
