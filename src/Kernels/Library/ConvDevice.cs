namespace KernelGen.Kernels;

/// <summary>
/// The convolution passes as kernel launches (GPU backends), a block of <see cref="Conv.DeviceBlock"/> images at a time
/// (a size fixed by the shapes, never by the host driving the device): per block one <see cref="ConvKernels.Im2Col"/> or
/// <see cref="ConvKernels.Col2Im"/> launch and one strided-batched <see cref="Blas.GemmStridedBatched"/> over the block's
/// images; the weight gradient sums the block's images in one batch-reduced GEMM. A transposed convolution's two
/// gradients share the im2col of dy (<see cref="LowerWithWeightGrad"/>).
/// </summary>
internal static class ConvDevice
{
    /// <summary>small[n] = act(beta·small[n] + W · im2col(img[n]) (+ bias per channel of small)), bias and activation in the GEMM's epilogue.</summary>
    public static void Lower(AcceleratorStream stream, in ConvGeometry g, ArrayView<float> img, ArrayView<float> w,
        ArrayView<float> bias, ArrayView<float> small, float beta, ArrayView<float> scratch, int block, GemmActivation activation = default)
    {
        for (int n0 = 0; n0 < g.N; n0 += block)
        {
            int count = Math.Min(block, g.N - n0);
            var (cols, colStride) = Columns(stream, g, img, scratch, n0, count);
            LowerBlock(stream, g, w, cols, colStride, beta, small, n0, count, bias, activation);
        }
    }

    /// <summary>small[n] = act(beta·small[n] + W · cols[n] (+ bias)) for the block's images n0 … n0 + count − 1.</summary>
    private static void LowerBlock(AcceleratorStream stream, in ConvGeometry g, ArrayView<float> w, ArrayView<float> cols, int colStride,
        float beta, ArrayView<float> small, int n0, int count, ArrayView<float> bias = default, GemmActivation activation = default) =>
        Blas.GemmStridedBatched(stream, false, false, g.K, g.ColCols, g.ColRows, 1f, w, g.ColRows, 0, cols, g.ColCols, colStride,
            beta, small.SubView(n0 * g.SmallLength, count * g.SmallLength), g.ColCols, g.SmallLength, count, bias, activation: activation, biasPerRow: true);

    /// <summary>img[n] = (accumulate ? img[n] : 0) + col2im(Wᵀ · small[n]) (+ bias per channel of img, added by col2im).</summary>
    public static void Raise(AcceleratorStream stream, in ConvGeometry g, ArrayView<float> small, ArrayView<float> w,
        ArrayView<float> bias, ArrayView<float> img, bool accumulate, ArrayView<float> scratch, int block)
    {
        for (int n0 = 0; n0 < g.N; n0 += block)
        {
            int count = Math.Min(block, g.N - n0);
            var images = img.SubView(n0 * g.ImageLength, count * g.ImageLength);
            var target = g.IsPointwise ? images : scratch.SubView(0, count * g.ColLength);
            Blas.GemmStridedBatched(stream, true, false, g.ColRows, g.ColCols, g.K, 1f, w, g.ColRows, 0,
                small.SubView(n0 * g.SmallLength, count * g.SmallLength), g.ColCols, g.SmallLength,
                g.IsPointwise && accumulate ? 1f : 0f, target, g.ColCols, g.IsPointwise ? g.ImageLength : g.ColLength, count);
            if (!g.IsPointwise)
                stream.Launch(ConvKernels.Col2ImKernel, count * g.ImageLength, target, images, KernelArg.FromStruct(g.Im2Col), accumulate ? 1 : 0,
                    bias.IsEmpty ? images : bias, bias.IsEmpty ? 0 : 1);
        }
        if (!bias.IsEmpty && g.IsPointwise)
            stream.Launch(ConvKernels.AddChannelBiasKernel, g.N * g.ImageLength, img, bias, g.C, g.H * g.W);
    }

    /// <summary>dw += Σₙ small[n] · im2col(img[n])ᵀ: per block, one batch-reduced GEMM over the block's images.</summary>
    public static void WeightGrad(AcceleratorStream stream, in ConvGeometry g, ArrayView<float> small, ArrayView<float> img,
        ArrayView<float> dw, ArrayView<float> scratch, int block) =>
        LowerWithWeightGrad(stream, g, img, default, default, small, dw, scratch, block);

    /// <summary>
    /// From one im2col of img per block: <paramref name="lowered"/>[n] += W · im2col(img[n]) when it is not empty (a
    /// transposed convolution's dx) and dw += Σₙ <paramref name="small"/>[n] · im2col(img[n])ᵀ when dw is not empty.
    /// </summary>
    public static void LowerWithWeightGrad(AcceleratorStream stream, in ConvGeometry g, ArrayView<float> img, ArrayView<float> w,
        ArrayView<float> lowered, ArrayView<float> small, ArrayView<float> dw, ArrayView<float> scratch, int block)
    {
        for (int n0 = 0; n0 < g.N; n0 += block)
        {
            int count = Math.Min(block, g.N - n0);
            var (cols, colStride) = Columns(stream, g, img, scratch, n0, count);
            if (!lowered.IsEmpty) LowerBlock(stream, g, w, cols, colStride, 1f, lowered, n0, count);
            if (!dw.IsEmpty)
                Blas.GemmStridedBatched(stream, false, true, g.K, g.ColRows, g.ColCols, 1f, small.SubView(n0 * g.SmallLength, count * g.SmallLength),
                    g.ColCols, g.SmallLength, cols, g.ColCols, colStride, 1f, dw, g.ColRows, 0, count, sumItems: true);
        }
    }

    /// <summary>The column matrices of images n0 … n0 + count − 1 and the stride between them: im2col into the scratch, or the images themselves for a 1×1 convolution.</summary>
    private static (ArrayView<float> Cols, int Stride) Columns(AcceleratorStream stream, in ConvGeometry g, ArrayView<float> img,
        ArrayView<float> scratch, int n0, int count)
    {
        var images = img.SubView(n0 * g.ImageLength, count * g.ImageLength);
        if (g.IsPointwise) return (images, g.ImageLength);
        var cols = scratch.SubView(0, count * g.ColLength);
        stream.Launch(ConvKernels.Im2ColKernel, count * g.ColLength, images, cols, KernelArg.FromStruct(g.Im2Col));
        return (cols, g.ColLength);
    }
}
