namespace KernelGen.Kernels;

/// <summary>
/// The convolution passes as kernel launches (GPU backends): images in chunks of as many as the scratch holds,
/// one <see cref="ConvKernels.Im2Col"/> or <see cref="ConvKernels.Col2Im"/> launch per chunk and one
/// <see cref="Blas.Gemm"/> launch per image on views at the image's offset.
/// </summary>
internal static class ConvDevice
{
    /// <summary>small[n] = beta·small[n] + W · im2col(img[n]) (+ bias per channel of small).</summary>
    public static void Lower(AcceleratorStream stream, in ConvGeometry g, ArrayView<float> img, ArrayView<float> w,
        ArrayView<float> bias, ArrayView<float> small, float beta, ArrayView<float> scratch, int slabs)
    {
        for (int n0 = 0; n0 < g.N; n0 += slabs)
        {
            int count = Math.Min(slabs, g.N - n0);
            if (!g.IsPointwise) LaunchIm2Col(stream, g, img.SubView(n0 * g.ImageLength, count * g.ImageLength), scratch, count);
            for (int s = 0; s < count; s++)
            {
                var col = g.IsPointwise ? img.SubView((n0 + s) * g.ImageLength, g.ImageLength) : scratch.SubView(s * g.ColLength, g.ColLength);
                Blas.Gemm(stream, false, false, g.K, g.ColCols, g.ColRows, 1f, w, g.ColRows, col, g.ColCols,
                    beta, small.SubView((n0 + s) * g.SmallLength, g.SmallLength), g.ColCols);
            }
        }
        if (!bias.IsEmpty)
            stream.Launch(ConvKernels.AddChannelBiasKernel, g.N * g.SmallLength, small, bias, g.K, g.ColCols);
    }

    /// <summary>img[n] = (accumulate ? img[n] : 0) + col2im(Wᵀ · small[n]) (+ bias per channel of img).</summary>
    public static void Raise(AcceleratorStream stream, in ConvGeometry g, ArrayView<float> small, ArrayView<float> w,
        ArrayView<float> bias, ArrayView<float> img, bool accumulate, ArrayView<float> scratch, int slabs)
    {
        for (int n0 = 0; n0 < g.N; n0 += slabs)
        {
            int count = Math.Min(slabs, g.N - n0);
            for (int s = 0; s < count; s++)
            {
                var target = g.IsPointwise ? img.SubView((n0 + s) * g.ImageLength, g.ImageLength) : scratch.SubView(s * g.ColLength, g.ColLength);
                Blas.Gemm(stream, true, false, g.ColRows, g.ColCols, g.K, 1f, w, g.ColRows,
                    small.SubView((n0 + s) * g.SmallLength, g.SmallLength), g.ColCols, g.IsPointwise && accumulate ? 1f : 0f, target, g.ColCols);
            }
            if (!g.IsPointwise)
                stream.Launch(ConvKernels.Col2ImKernel, count * g.ImageLength, scratch, img.SubView(n0 * g.ImageLength, count * g.ImageLength),
                    KernelArg.FromStruct(g.Im2Col), accumulate ? 1 : 0);
        }
        if (!bias.IsEmpty)
            stream.Launch(ConvKernels.AddChannelBiasKernel, g.N * g.ImageLength, img, bias, g.C, g.H * g.W);
    }

    /// <summary>dw += Σₙ small[n] · im2col(img[n])ᵀ.</summary>
    public static void WeightGrad(AcceleratorStream stream, in ConvGeometry g, ArrayView<float> small, ArrayView<float> img,
        ArrayView<float> dw, ArrayView<float> scratch, int slabs)
    {
        for (int n0 = 0; n0 < g.N; n0 += slabs)
        {
            int count = Math.Min(slabs, g.N - n0);
            if (!g.IsPointwise) LaunchIm2Col(stream, g, img.SubView(n0 * g.ImageLength, count * g.ImageLength), scratch, count);
            for (int s = 0; s < count; s++)
            {
                var col = g.IsPointwise ? img.SubView((n0 + s) * g.ImageLength, g.ImageLength) : scratch.SubView(s * g.ColLength, g.ColLength);
                Blas.Gemm(stream, false, true, g.K, g.ColRows, g.ColCols, 1f, small.SubView((n0 + s) * g.SmallLength, g.SmallLength),
                    g.ColCols, col, g.ColCols, 1f, dw, g.ColRows);
            }
        }
    }

    private static void LaunchIm2Col(AcceleratorStream stream, in ConvGeometry g, ArrayView<float> img, ArrayView<float> scratch, int count) =>
        stream.Launch(ConvKernels.Im2ColKernel, count * g.ColLength, img, scratch.SubView(0, count * g.ColLength),
            KernelArg.FromStruct(g.Im2Col));
}
