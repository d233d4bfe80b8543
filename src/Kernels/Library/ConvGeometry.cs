namespace KernelGen.Kernels;

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

    /// <summary>What the im2col and col2im kernels read.</summary>
    public Im2ColGeometry Im2Col => new()
    {
        Channels = C, Height = H, Width = W, OutH = OH, OutW = OW, KernelH = KH, KernelW = KW,
        StrideH = SH, StrideW = SW, PadH = PH, PadW = PW, DilH = DH, DilW = DW,
    };

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
