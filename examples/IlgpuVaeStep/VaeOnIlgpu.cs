using KernelGen.Graph;
using KernelGen.ILGPU;
using KernelGen.Kernels;

namespace KernelGen.Examples.IlgpuVaeStep;

// Inside the namespace, so ILGPU's Context, Accelerator and ArrayView win over KernelGen's types of the same names.
using global::ILGPU;
using global::ILGPU.Runtime;
using global::ILGPU.Runtime.CPU;
using global::ILGPU.Runtime.Cuda;

/// <summary>What a run measured.</summary>
/// <param name="Device">The ILGPU accelerator, as ILGPU names it.</param>
/// <param name="FirstLoss">Loss of the first step (per image, nats).</param>
/// <param name="LastLoss">Loss of the last step.</param>
/// <param name="HostWaits">Host waits over every step but the first (<see cref="KernelGen.Accelerator.HostWaitCount"/>): 0.</param>
/// <param name="Allocations">Allocations over the same steps (<see cref="KernelGen.Accelerator.AllocationCount"/>): 0.</param>
public sealed record VaeRun(string Device, float FirstLoss, float LastLoss, long HostWaits, long Allocations);

/// <summary>
/// The sample: the user owns an ILGPU accelerator and its buffers; an ILGPU kernel turns raw 8-bit pixels into the
/// VAE's input batch on the device; KernelGen, hosted on the same accelerator, trains on that buffer in place.
/// </summary>
public static class VaeOnIlgpu
{
    /// <summary>Pixels per image (28 × 28).</summary>
    public const int Pixels = 784;

    /// <summary>The user's ILGPU kernel: 8-bit pixels from <paramref name="first"/> on, as floats in [0, 1].</summary>
    private static void Dequantize(Index1D i, ArrayView<byte> pixels, int first, ArrayView<float> batch) =>
        batch[i] = pixels[first + i] * (1f / 255f);

    /// <summary>A VAE (784-hidden-latent, Bernoulli decoder), its loss per image as in PyTorch's VAE example.</summary>
    public static GraphBuilder DeclareVae(int batch, int hidden, int latent)
    {
        var g = new GraphBuilder("vae");
        var x = g.Input("x", batch, Pixels);
        var h = g.Relu(g.Linear(x, hidden, "fc1"));
        var mu = g.Linear(h, latent, "fc21");
        var logvar = g.Linear(h, latent, "fc22");
        var logits = g.Linear(g.Relu(g.Linear(g.Reparameterize(mu, logvar), hidden, "fc3")), Pixels, "fc4");
        var bce = g.BinaryCrossEntropyWithLogits(logits, x, LossReduction.Sum);
        var kl = g.GaussianKl(mu, logvar, LossReduction.Sum);
        g.SetLoss(g.Scale(g.Add(bce, kl), 1f / batch));
        return g;
    }

    /// <summary>
    /// Trains <paramref name="steps"/> steps on <paramref name="pixels"/> (whole images, 8 bits a pixel) on
    /// <paramref name="device"/>: <c>ilgpu:cpu</c>, or <c>ilgpu:cuda[:N]</c> with no other change.
    /// </summary>
    public static VaeRun Run(string device, byte[] pixels, int steps, int batch = 32, int hidden = 400, int latent = 20, ulong seed = 1)
    {
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), $"--steps must be at least 2, got {steps}.");
        int images = pixels.Length / Pixels;
        if (images < batch) throw new ArgumentException($"{images} images are fewer than one batch of {batch}.", nameof(pixels));

        // The user's side: an ILGPU context set up for KernelGen's kernels, an accelerator, buffers and a kernel.
        using var context = Context.Create(b => (device == "ilgpu:cpu" ? b.CPU(IlgpuBackend.ReferenceCpu) : b.Cuda()).ForKernelGen());
        using var ilgpu = OpenAccelerator(context, device);
        var dequantize = ilgpu.LoadAutoGroupedStreamKernel<Index1D, ArrayView<byte>, int, ArrayView<float>>(Dequantize);
        using var raw = ilgpu.Allocate1D(pixels);                 // every image, uploaded once, a byte a pixel
        using var input = ilgpu.Allocate1D<float>(batch * Pixels);  // the batch the VAE trains on

        // KernelGen on the same accelerator and default stream; the ILGPU buffer is the graph's input, without a copy.
        using var kernelgen = IlgpuBackend.Wrap(ilgpu);
        using var vae = DeclareVae(batch, hidden, latent).Compile(kernelgen, new CompileOptions { Seed = seed });
        vae.Store.Group("default").UseOptimizer(new Adam(1e-3f));
        using var x = kernelgen.Adopt(input, "x");
        vae.UseInput("x", x);

        float first = 0;
        long waits = 0, allocations = 0;
        for (int step = 0; step < steps; step++)
        {
            if (step == 1) (waits, allocations) = (kernelgen.HostWaitCount, kernelgen.AllocationCount);
            int image = step * batch % (images - batch + 1);
            dequantize(input.IntExtent, raw.View, image * Pixels, input.View); // ILGPU, on the default stream
            vae.Step();                                                        // KernelGen, after it on the same stream
            if (step == 0) first = vae.ReadLoss();                             // the one wait, outside the counted steps
        }
        (waits, allocations) = (kernelgen.HostWaitCount - waits, kernelgen.AllocationCount - allocations);
        return new VaeRun(ilgpu.Name, first, vae.ReadLoss(), waits, allocations);
    }

    private static Accelerator OpenAccelerator(Context context, string device)
    {
        if (device == "ilgpu:cpu") return context.GetPreferredDevice(preferCPU: true).CreateAccelerator(context);
        var parts = device.Split(':');
        int index = parts.Length == 3 && int.TryParse(parts[2], out var n) ? n : 0;
        if (parts.Length < 2 || parts.Length > 3 || parts[0] != "ilgpu" || parts[1] != "cuda" || (parts.Length == 3 && index.ToString() != parts[2]))
            throw new ArgumentException($"--device '{device}' is not ilgpu:cpu or ilgpu:cuda[:N].");
        var devices = context.GetCudaDevices();
        if (index >= devices.Count) throw new ArgumentException($"--device '{device}': ILGPU found {devices.Count} CUDA device(s).");
        return devices[index].CreateCudaAccelerator(context);
    }
}
