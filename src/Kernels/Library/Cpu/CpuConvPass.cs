namespace KernelGen.Kernels.Cpu;

/// <summary>Which convolution pass a <see cref="CpuConvBlock"/> runs.</summary>
internal enum CpuConvPass
{
    /// <summary>small = W · im2col(img) (+ bias).</summary>
    Lower,
    /// <summary>img = col2im(Wᵀ · small) (+ bias).</summary>
    Raise,
    /// <summary>dw += small · im2col(img)ᵀ.</summary>
    WeightGrad,
}
