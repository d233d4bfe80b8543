namespace KernelGen.Kernels;

/// <summary>
/// Masks of the PixelCNN family (van den Oord et al. 2016), single colour group: PixelCNN's A and B, and the two
/// one-row masks with which a k×k convolution becomes the Row LSTM's 1×k convolutions along a row.
/// </summary>
public enum PixelCnnMask
{
    /// <summary>Mask A (first layer): taps after the centre and the centre itself are zero.</summary>
    A,
    /// <summary>Mask B (later layers): taps after the centre are zero, the centre is kept.</summary>
    B,
    /// <summary>Row LSTM input-to-state: only the centre row up to and including the centre is kept (a masked 1×k convolution).</summary>
    RowB,
    /// <summary>Row LSTM state-to-state: only the centre row is kept (a 1×k convolution along the row above's states).</summary>
    Row,
}
