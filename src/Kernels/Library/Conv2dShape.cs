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

/// <summary>
/// The geometry im2col/col2im work on, shared by convolution and its transpose: a batch of "image-side" tensors
/// (N, C, H, W), "column-side" tensors (N, K, OH, OW) and weights (K, C·KH·KW). For a convolution the image side
/// is x and the column side y; for a transposed convolution the image side is y and the column side x.
/// </summary>
internal readonly record struct ConvGeometry(int N, int C, int H, int W, int K, int OH, int OW,
    int KH, int KW, int SH, int SW, int PH, int PW, int DH, int DW)
{
    /// <summary>Rows of one image's column matrix: C·KH·KW.</summary>
    public int ColRows => C * KH * KW;
    /// <summary>Columns of one image's column matrix: OH·OW.</summary>
    public int ColCols => OH * OW;
    /// <summary>Elements of one image's column matrix.</summary>
    public int ColLength => ColRows * ColCols;
    /// <summary>Elements of the weights (K × ColRows).</summary>
    public int WeightLength => K * ColRows;
    /// <summary>Elements of one image-side image.</summary>
    public int ImageLength => C * H * W;
    /// <summary>Elements of one column-side image.</summary>
    public int SmallLength => K * OH * OW;

    /// <summary>Whether im2col is the identity (1×1 kernel, stride 1, no padding): the column matrix is the image.</summary>
    public bool IsPointwise => KH == 1 && KW == 1 && SH == 1 && SW == 1 && PH == 0 && PW == 0 && OH == H && OW == W;

    /// <summary>Scratch per image processed concurrently: one column matrix and one partial weight gradient.</summary>
    public long SlabLength => (long)ColLength + WeightLength;

    /// <summary>Output size of a convolution along one axis (floor division, also for negative numerators).</summary>
    public static int ConvOut(int size, int kernel, int stride, int pad, int dilation)
    {
        if (stride <= 0) return 0;
        int span = size + 2 * pad - dilation * (kernel - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }

    public static ConvGeometry Of(in Conv2dShape s) => new(s.Batch, s.InChannels, s.Height, s.Width, s.OutChannels,
        s.OutHeight, s.OutWidth, s.KernelHeight, s.KernelWidth, s.StrideH, s.StrideW, s.PadH, s.PadW, s.DilationH, s.DilationW);

    public static ConvGeometry Of(in ConvTranspose2dShape s) => new(s.Batch, s.OutChannels, s.OutHeight, s.OutWidth, s.InChannels,
        s.Height, s.Width, s.KernelHeight, s.KernelWidth, s.StrideH, s.StrideW, s.PadH, s.PadW, s.DilationH, s.DilationW);
}
