namespace KernelGen.Kernels;

/// <summary>
/// What <see cref="ConvKernels.Im2Col"/> and <see cref="ConvKernels.Col2Im"/> need of a convolution, passed as one
/// struct argument instead of 13 scalars: the image-side tensor (C, H, W), the column side (OH, OW), the kernel,
/// stride, padding and dilation.
/// </summary>
public readonly struct Im2ColGeometry
{
    /// <summary>Channels of the image side.</summary>
    public int Channels { get; init; }
    /// <summary>Height of the image side.</summary>
    public int Height { get; init; }
    /// <summary>Width of the image side.</summary>
    public int Width { get; init; }
    /// <summary>Height of the column side (output pixels per column).</summary>
    public int OutH { get; init; }
    /// <summary>Width of the column side.</summary>
    public int OutW { get; init; }
    /// <summary>Kernel height.</summary>
    public int KernelH { get; init; }
    /// <summary>Kernel width.</summary>
    public int KernelW { get; init; }
    /// <summary>Vertical stride.</summary>
    public int StrideH { get; init; }
    /// <summary>Horizontal stride.</summary>
    public int StrideW { get; init; }
    /// <summary>Padding above and below.</summary>
    public int PadH { get; init; }
    /// <summary>Padding left and right.</summary>
    public int PadW { get; init; }
    /// <summary>Vertical dilation.</summary>
    public int DilH { get; init; }
    /// <summary>Horizontal dilation.</summary>
    public int DilW { get; init; }
}
