using KernelGen.Kernels.Cpu;
using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels;

/// <summary>
/// Host-side convolution ops over NCHW float tensors (im2col/col2im + GEMM, darknet style). Forward ops overwrite
/// their output, backward ops accumulate into the gradient views; column matrices live in a caller-provided
/// scratch view (<see cref="Conv2dScratchLength"/>), so nothing is allocated. On the CPU the passes run as
/// multi-threaded C# (<see cref="CpuConv"/>); elsewhere as <see cref="ConvKernels"/> and <see cref="Blas.Gemm"/> launches.
/// </summary>
public static partial class Conv
{
    /// <summary>Runs of images the scratch of <see cref="Conv2dScratchLength"/> lets run at once on the CPU: the pool's thread count.</summary>
    public static int ParallelImages => CpuThreadPool.Shared.ThreadCount;

    /// <summary>
    /// Scratch elements the Conv2d ops need on <paramref name="backend"/> (on any backend when null): on the CPU, per run of
    /// images processed at once, the column matrices of a block of images, the block's gathered outputs and a partial
    /// weight gradient; on a device, the column matrices of a <see cref="DeviceBlock"/> of images.
    /// </summary>
    public static int Conv2dScratchLength(in Conv2dShape shape, Backend? backend = null) => ScratchLength(ConvValidation.Check(nameof(Conv2d), shape), backend);

    /// <summary>y = conv(x, w) + bias. x (N, C, H, W), w (K, C, KH, KW), bias (K) or an empty view, y (N, K, OH, OW).</summary>
    public static void Conv2d(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias,
        ArrayView<float> y, ArrayView<float> scratch, in Conv2dShape shape, GemmActivation activation = default)
    {
        const string op = nameof(Conv2d);
        var g = ConvValidation.Check(op, shape);
        ConvValidation.AtLeast(op, nameof(x), x, shape.InputLength, $"x (N={g.N}, C={g.C}, {g.H}×{g.W})");
        ConvValidation.Exactly(op, nameof(w), w, shape.WeightLength, $"w (K={g.K}, C={g.C}, {g.KH}×{g.KW})");
        if (!bias.IsEmpty) ConvValidation.Exactly(op, nameof(bias), bias, g.K, $"bias (K={g.K})");
        ConvValidation.AtLeast(op, nameof(y), y, shape.OutputLength, $"y (N={g.N}, K={g.K}, {g.OH}×{g.OW})");
        int slabs = Slabs(op, stream, scratch, g);
        Lower(stream, g, x, w, bias, y, 0f, scratch, slabs, activation);
    }

    /// <summary>dx += ∂(Σ dy·y)/∂x: Wᵀ·dy scattered back by col2im. Shapes as in <see cref="Conv2d"/>.</summary>
    public static void Conv2dBackwardData(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> w,
        ArrayView<float> dx, ArrayView<float> scratch, in Conv2dShape shape)
    {
        const string op = nameof(Conv2dBackwardData);
        var g = ConvValidation.Check(op, shape);
        ConvValidation.AtLeast(op, nameof(dy), dy, shape.OutputLength, $"dy (N={g.N}, K={g.K}, {g.OH}×{g.OW})");
        ConvValidation.Exactly(op, nameof(w), w, shape.WeightLength, $"w (K={g.K}, C={g.C}, {g.KH}×{g.KW})");
        ConvValidation.AtLeast(op, nameof(dx), dx, shape.InputLength, $"dx (N={g.N}, C={g.C}, {g.H}×{g.W})");
        int slabs = Slabs(op, stream, scratch, g);
        Raise(stream, g, dy, w, default, dx, true, scratch, slabs);
    }

    /// <summary>dw += Σₙ dy[n] · im2col(x[n])ᵀ. Shapes as in <see cref="Conv2d"/>.</summary>
    public static void Conv2dBackwardWeights(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> dy,
        ArrayView<float> dw, ArrayView<float> scratch, in Conv2dShape shape)
    {
        const string op = nameof(Conv2dBackwardWeights);
        var g = ConvValidation.Check(op, shape);
        ConvValidation.AtLeast(op, nameof(x), x, shape.InputLength, $"x (N={g.N}, C={g.C}, {g.H}×{g.W})");
        ConvValidation.AtLeast(op, nameof(dy), dy, shape.OutputLength, $"dy (N={g.N}, K={g.K}, {g.OH}×{g.OW})");
        ConvValidation.Exactly(op, nameof(dw), dw, shape.WeightLength, $"dw (K={g.K}, C={g.C}, {g.KH}×{g.KW})");
        int slabs = Slabs(op, stream, scratch, g);
        WeightGrad(stream, g, dy, x, dw, scratch, slabs);
    }

    /// <summary>db[k] += Σ over n, oh, ow of dy[n, k, oh, ow].</summary>
    public static void Conv2dBackwardBias(AcceleratorStream stream, ArrayView<float> dy, ArrayView<float> db, in Conv2dShape shape)
    {
        const string op = nameof(Conv2dBackwardBias);
        var g = ConvValidation.Check(op, shape);
        ConvValidation.AtLeast(op, nameof(dy), dy, shape.OutputLength, $"dy (N={g.N}, K={g.K}, {g.OH}×{g.OW})");
        ConvValidation.Exactly(op, nameof(db), db, g.K, $"db (K={g.K})");
        stream.Launch(ConvKernels.ChannelSumKernel, g.K, dy, db, g.N, g.K, g.ColCols);
    }

    /// <summary>
    /// What the passes need on <paramref name="backend"/>: on the CPU its plan's slabs (blocks of column matrices,
    /// gathered images and a partial weight gradient per pool thread, <see cref="CpuConvPlan"/>); on a device the column
    /// matrices of a <see cref="DeviceBlock"/> of images; with no backend, the larger.
    /// </summary>
    private static int ScratchLength(in ConvGeometry g, Backend? backend)
    {
        long cpu = Math.Max(Math.Min(g.N, ParallelImages) * g.SlabLength, CpuConvPlan.Of(g, ParallelImages).ScratchLength);
        long device = (long)DeviceBlock(g) * DeviceSlabLength(g);
        return checked((int)(backend switch { Backend.Cpu => cpu, null => Math.Max(cpu, device), _ => device }));
    }

    /// <summary>
    /// Scratch floats a device block of images may use (256 MiB). The whole batch is one block below it, as it is for the
    /// course's models at batch 32 and 128, so a device's launches do not depend on the batch size.
    /// </summary>
    public const int DeviceScratchBudget = 1 << 26;

    /// <summary>
    /// Images per block on a device: as many as fit <see cref="DeviceScratchBudget"/> with their column matrices and partial
    /// weight gradients, at least 1, at most the batch. It depends on the shapes only, so a device receives the same
    /// launches whichever host drives it.
    /// </summary>
    internal static int DeviceBlock(in ConvGeometry g) => (int)Math.Clamp(DeviceScratchBudget / DeviceSlabLength(g), 1, g.N);

    /// <summary>Scratch floats per image of a device block: its column matrix (the weight gradient sums a block in one GEMM, with no partials).</summary>
    private static long DeviceSlabLength(in ConvGeometry g) => Math.Max(1, g.ColLength);

    /// <summary>
    /// Checks that <paramref name="scratch"/> holds what the op needs on this backend and returns the images it lets run
    /// at once (slabs on the CPU, a device block's images elsewhere).
    /// </summary>
    private static int Slabs(string op, AcceleratorStream stream, ArrayView<float> scratch, in ConvGeometry g)
    {
        var backend = stream.Accelerator.Device.Backend;
        int slabs = ConvValidation.Slabs(op, scratch, g, ScratchLength(g, backend));
        return backend == Backend.Cpu ? slabs : (int)Math.Clamp(scratch.Length / DeviceSlabLength(g), 1, g.N);
    }

    private static bool OnCpu(AcceleratorStream stream) => stream.Accelerator.Device.Backend == Backend.Cpu;

    private static unsafe void Lower(AcceleratorStream stream, in ConvGeometry g, ArrayView<float> img, ArrayView<float> w,
        ArrayView<float> bias, ArrayView<float> small, float beta, ArrayView<float> scratch, int slabs, GemmActivation activation = default)
    {
        if (OnCpu(stream))
            CpuConv.Lower(g, img.HostPointer, w.HostPointer, bias.IsEmpty ? null : bias.HostPointer, small.HostPointer, beta, scratch.HostPointer, activation);
        else
            ConvDevice.Lower(stream, g, img, w, bias, small, beta, scratch, Math.Min(slabs, DeviceBlock(g)), activation);
    }

    private static unsafe void Raise(AcceleratorStream stream, in ConvGeometry g, ArrayView<float> small, ArrayView<float> w,
        ArrayView<float> bias, ArrayView<float> img, bool accumulate, ArrayView<float> scratch, int slabs)
    {
        if (OnCpu(stream))
            CpuConv.Raise(g, small.HostPointer, w.HostPointer, bias.IsEmpty ? null : bias.HostPointer, img.HostPointer, accumulate, scratch.HostPointer);
        else
            ConvDevice.Raise(stream, g, small, w, bias, img, accumulate, scratch, Math.Min(slabs, DeviceBlock(g)));
    }

    private static unsafe void WeightGrad(AcceleratorStream stream, in ConvGeometry g, ArrayView<float> small, ArrayView<float> img,
        ArrayView<float> dw, ArrayView<float> scratch, int slabs)
    {
        if (OnCpu(stream))
            CpuConv.WeightGrad(g, small.HostPointer, img.HostPointer, dw.HostPointer, scratch.HostPointer);
        else
            ConvDevice.WeightGrad(stream, g, small, img, dw, scratch, Math.Min(slabs, DeviceBlock(g)));
    }
}
