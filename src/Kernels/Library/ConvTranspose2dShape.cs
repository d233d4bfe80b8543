namespace KernelGen.Kernels;

/// <summary>
/// Shape of a 2-D transposed convolution (PyTorch's ConvTranspose2d) over NCHW images: x is (Batch, InChannels,
/// Height, Width), the weights are (InChannels, OutChannels, KernelHeight, KernelWidth), y is (Batch, OutChannels,
/// OutHeight, OutWidth) with OutHeight = (Height − 1)·StrideH − 2·PadH + DilationH·(KernelHeight − 1) +
/// OutputPadH + 1 (likewise for the width). It is the gradient of the convolution from y's shape to x's.
/// </summary>
/// <param name="Batch">Images in the batch (N).</param>
/// <param name="InChannels">Channels of x.</param>
/// <param name="Height">Rows of each x image.</param>
/// <param name="Width">Columns of each x image.</param>
/// <param name="OutChannels">Channels of y.</param>
/// <param name="KernelHeight">Rows of the kernel.</param>
/// <param name="KernelWidth">Columns of the kernel.</param>
public readonly record struct ConvTranspose2dShape(int Batch, int InChannels, int Height, int Width, int OutChannels, int KernelHeight, int KernelWidth)
{
    /// <summary>Vertical stride (default 1).</summary>
    public int StrideH { get; init; } = 1;
    /// <summary>Horizontal stride (default 1).</summary>
    public int StrideW { get; init; } = 1;
    /// <summary>Rows removed from the top and bottom of the full output (default 0).</summary>
    public int PadH { get; init; }
    /// <summary>Columns removed from the left and right of the full output (default 0).</summary>
    public int PadW { get; init; }
    /// <summary>Extra rows added at the bottom (default 0; must be below the stride or the dilation).</summary>
    public int OutputPadH { get; init; }
    /// <summary>Extra columns added at the right (default 0).</summary>
    public int OutputPadW { get; init; }
    /// <summary>Vertical spacing of kernel taps (default 1).</summary>
    public int DilationH { get; init; } = 1;
    /// <summary>Horizontal spacing of kernel taps (default 1).</summary>
    public int DilationW { get; init; } = 1;

    /// <summary>Rows of each y image (may be ≤ 0 for an invalid shape; the ops reject it).</summary>
    public int OutHeight => (Height - 1) * StrideH - 2 * PadH + DilationH * (KernelHeight - 1) + OutputPadH + 1;
    /// <summary>Columns of each y image.</summary>
    public int OutWidth => (Width - 1) * StrideW - 2 * PadW + DilationW * (KernelWidth - 1) + OutputPadW + 1;

    /// <summary>Elements of x.</summary>
    public long InputLength => (long)Batch * InChannels * Height * Width;
    /// <summary>Elements of y.</summary>
    public long OutputLength => (long)Batch * OutChannels * OutHeight * OutWidth;
    /// <summary>Elements of the weights.</summary>
    public long WeightLength => (long)InChannels * OutChannels * KernelHeight * KernelWidth;

    /// <summary>Sets both strides.</summary>
    public ConvTranspose2dShape WithStride(int s) => this with { StrideH = s, StrideW = s };
    /// <summary>Sets both paddings.</summary>
    public ConvTranspose2dShape WithPadding(int p) => this with { PadH = p, PadW = p };
    /// <summary>Sets both output paddings.</summary>
    public ConvTranspose2dShape WithOutputPadding(int p) => this with { OutputPadH = p, OutputPadW = p };
    /// <summary>Sets both dilations.</summary>
    public ConvTranspose2dShape WithDilation(int d) => this with { DilationH = d, DilationW = d };
}
