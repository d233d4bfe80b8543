namespace KernelGen.Kernels;

/// <summary>PixelCNN masks (van den Oord et al. 2016), single colour group.</summary>
public enum PixelCnnMask
{
    /// <summary>Mask A (first layer): taps after the centre and the centre itself are zero.</summary>
    A,
    /// <summary>Mask B (later layers): taps after the centre are zero, the centre is kept.</summary>
    B,
}
