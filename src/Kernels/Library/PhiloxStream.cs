namespace KernelGen.Kernels;

/// <summary>
/// A host-side handle on one Philox stream: seed, a device counter, and the offset of the next request past it.
/// Each request consumes whole blocks, so consecutive requests never overlap. <see cref="Commit"/> moves the requests
/// made so far into the device counter, so that a graph which commits after every pass launches the same kernels with
/// the same arguments at every step, while drawing new numbers each time.
/// </summary>
public sealed class PhiloxStream : IDisposable
{
    private readonly MemoryBuffer<uint> _counter;

    /// <summary>Creates the stream for <paramref name="seed"/> on <paramref name="accelerator"/>.</summary>
    public PhiloxStream(Accelerator accelerator, ulong seed, string name = "philox-counter")
    {
        Seed = seed;
        _counter = accelerator.Allocate<uint>(1, name);
        _counter.Zero();
    }

    /// <summary>The key.</summary>
    public ulong Seed { get; }

    /// <summary>Blocks requested since the last <see cref="Commit"/> (the next request's offset past the device counter).</summary>
    public uint Offset { get; set; }

    /// <summary>
    /// Enqueues on <paramref name="stream"/> the addition of <see cref="Offset"/> to the device counter and resets it to 0
    /// (nothing when no block was requested).
    /// </summary>
    public void Commit(AcceleratorStream stream)
    {
        if (Offset == 0) return;
        stream.Launch(RandomKernels.AdvanceKernel, 1, Counter, Offset);
        Offset = 0;
    }

    /// <summary>
    /// Blocks consumed since the stream began (the device counter plus <see cref="Offset"/>): what a checkpoint keeps.
    /// Reading it waits for the device; setting it (0 to draw the same numbers again) enqueues an upload.
    /// </summary>
    public uint Position
    {
        get => _counter.ToArray()[0] + Offset;
        set
        {
            _counter.CopyFromHost([value]);
            Offset = 0;
        }
    }

    /// <summary>The device counter (element 0) added to every request's offset.</summary>
    public ArrayView<uint> Counter => _counter.View;

    /// <summary>Fills <paramref name="y"/> with uniform numbers in [lo, hi).</summary>
    public void Uniform(AcceleratorStream stream, ArrayView<float> y, float lo = 0f, float hi = 1f)
    {
        stream.Launch(RandomKernels.UniformKernel, y.Length, y, Counter, Offset, (uint)Seed, (uint)(Seed >> 32), lo, hi);
        Offset += (uint)((y.Length + 3) / 4);
    }

    /// <summary>Fills <paramref name="y"/> with normal numbers of the given mean and standard deviation.</summary>
    public void Normal(AcceleratorStream stream, ArrayView<float> y, float mean = 0f, float std = 1f)
    {
        stream.Launch(RandomKernels.NormalKernel, y.Length, y, Counter, Offset, (uint)Seed, (uint)(Seed >> 32), mean, std);
        Offset += (uint)((y.Length + 1) / 2);
    }

    /// <summary>
    /// z = μ + e^(logvar/2)·ε with ε standard normal drawn from this stream (the numbers <see cref="Normal"/> would draw)
    /// and written to <paramref name="eps"/>, in one launch.
    /// </summary>
    public void Reparameterize(AcceleratorStream stream, ArrayView<float> mu, ArrayView<float> logvar, ArrayView<float> eps, ArrayView<float> z)
    {
        if (mu.Length != eps.Length || logvar.Length != eps.Length || z.Length != eps.Length)
            throw new ArgumentException($"Reparameterize: μ ({mu.Length}), log-variance ({logvar.Length}), ε ({eps.Length}) and z ({z.Length}) must have one length.", nameof(eps));
        stream.Launch(RandomKernels.ReparameterizeDrawnKernel, eps.Length, mu, logvar, eps, z, Counter, Offset, (uint)Seed, (uint)(Seed >> 32));
        Offset += (uint)((eps.Length + 1) / 2);
    }

    /// <summary>Releases the counter.</summary>
    public void Dispose() => _counter.Dispose();
}
