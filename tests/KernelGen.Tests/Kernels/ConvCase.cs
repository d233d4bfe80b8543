using KernelGen.Kernels;

namespace KernelGen.Tests.Kernels;

/// <summary>A convolution or transposed-convolution layer under test: its shape, reference and the four ops.</summary>
public sealed record ConvCase(string Name, Conv2dShape? Conv = null, ConvTranspose2dShape? Transposed = null)
{
    public ConvReference Ref => Conv is { } c ? ConvReference.Of(c) : ConvReference.Of(Transposed!.Value);

    public int ScratchLength => Conv is { } c ? KernelGen.Kernels.Conv.Conv2dScratchLength(c) : KernelGen.Kernels.Conv.ConvTranspose2dScratchLength(Transposed!.Value);

    public void Forward(AcceleratorStream s, ArrayView<float> x, ArrayView<float> w, ArrayView<float> b, ArrayView<float> y, ArrayView<float> scratch)
    {
        if (Conv is { } c) KernelGen.Kernels.Conv.Conv2d(s, x, w, b, y, scratch, c);
        else KernelGen.Kernels.Conv.ConvTranspose2d(s, x, w, b, y, scratch, Transposed!.Value);
    }

    public void BackwardData(AcceleratorStream s, ArrayView<float> dy, ArrayView<float> w, ArrayView<float> dx, ArrayView<float> scratch)
    {
        if (Conv is { } c) KernelGen.Kernels.Conv.Conv2dBackwardData(s, dy, w, dx, scratch, c);
        else KernelGen.Kernels.Conv.ConvTranspose2dBackwardData(s, dy, w, dx, scratch, Transposed!.Value);
    }

    public void BackwardWeights(AcceleratorStream s, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dw, ArrayView<float> scratch)
    {
        if (Conv is { } c) KernelGen.Kernels.Conv.Conv2dBackwardWeights(s, x, dy, dw, scratch, c);
        else KernelGen.Kernels.Conv.ConvTranspose2dBackwardWeights(s, x, dy, dw, scratch, Transposed!.Value);
    }

    public void BackwardBias(AcceleratorStream s, ArrayView<float> dy, ArrayView<float> db)
    {
        if (Conv is { } c) KernelGen.Kernels.Conv.Conv2dBackwardBias(s, dy, db, c);
        else KernelGen.Kernels.Conv.ConvTranspose2dBackwardBias(s, dy, db, Transposed!.Value);
    }

    public override string ToString() => Name;

    /// <summary>Odd shapes: batch 1, primes, stride 2 on odd inputs, dilation 2, padding, 1×1 kernels, per-axis differences.</summary>
    public static IEnumerable<ConvCase> All()
    {
        yield return new("conv n1 c1 5x5 k3 p1", new Conv2dShape(1, 1, 5, 5, 1, 3, 3).WithPadding(1));
        yield return new("conv n2 c3 7x11 k3 s2 p1", new Conv2dShape(2, 3, 7, 11, 5, 3, 3).WithStride(2).WithPadding(1));
        yield return new("conv n3 c2 13x7 k3x2 d2 p2 s1x2", new Conv2dShape(3, 2, 13, 7, 4, 3, 2).WithDilation(2).WithPadding(2) with { StrideW = 2 });
        yield return new("conv n2 c5 5x7 1x1", new Conv2dShape(2, 5, 5, 7, 3, 1, 1));
        yield return new("conv n2 c3 6x5 1x1 s2", new Conv2dShape(2, 3, 6, 5, 2, 1, 1).WithStride(2));
        yield return new("conv n1 c2 3x3 k5 p2", new Conv2dShape(1, 2, 3, 3, 3, 5, 5).WithPadding(2));
        yield return new("conv n5 c3 11x13 k4 s2 p1", new Conv2dShape(5, 3, 11, 13, 7, 4, 4).WithStride(2).WithPadding(1));
        yield return new("convT n2 c3 5x4 k4 s2 p1", Transposed: new ConvTranspose2dShape(2, 3, 5, 4, 2, 4, 4).WithStride(2).WithPadding(1));
        yield return new("convT n1 c2 3x5 k3 s2 p1 op1", Transposed: new ConvTranspose2dShape(1, 2, 3, 5, 3, 3, 3).WithStride(2).WithPadding(1).WithOutputPadding(1));
        yield return new("convT n3 c4 4x3 k2 s2", Transposed: new ConvTranspose2dShape(3, 4, 4, 3, 2, 2, 2).WithStride(2));
        yield return new("convT n2 c3 5x5 k3 d2 p1 s1x2 op0x1", Transposed: new ConvTranspose2dShape(2, 3, 5, 5, 2, 3, 3).WithDilation(2).WithPadding(1) with { StrideW = 2, OutputPadW = 1 });
        yield return new("convT n2 c5 3x7 1x1", Transposed: new ConvTranspose2dShape(2, 5, 3, 7, 3, 1, 1));
        yield return new("convT n5 c7 7x3 k3 s3 p2 op2", Transposed: new ConvTranspose2dShape(5, 7, 7, 3, 4, 3, 3).WithStride(3).WithPadding(2).WithOutputPadding(2));
        // Shapes that reach the CPU path's other block strategies: many output channels (transposed GEMMs),
        // images wider than a block's minimum (one GEMM per image inside a block), stride 2 on 18+ pixel rows.
        yield return new("conv n5 c2 9x9 k3 p1 K32", new Conv2dShape(5, 2, 9, 9, 32, 3, 3).WithPadding(1));
        yield return new("conv n5 c2 16x17 k3 p1", new Conv2dShape(5, 2, 16, 17, 3, 3, 3).WithPadding(1));
        yield return new("conv n3 c3 37x19 k4 s2 p1 K20", new Conv2dShape(3, 3, 37, 19, 20, 4, 4).WithStride(2).WithPadding(1));
        yield return new("convT n5 c32 5x5 k3 s2 p1", Transposed: new ConvTranspose2dShape(5, 32, 5, 5, 3, 3, 3).WithStride(2).WithPadding(1));
        yield return new("convT n4 c3 9x19 k4 s2 p1 K20", Transposed: new ConvTranspose2dShape(4, 3, 9, 19, 20, 4, 4).WithStride(2).WithPadding(1));
    }
}
