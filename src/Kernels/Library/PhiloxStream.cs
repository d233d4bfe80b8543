namespace KernelGen.Kernels;

/// <summary>
/// A host-side handle on one Philox stream: seed, a device counter, and the offset of the next request.
/// Each request consumes whole blocks, so consecutive requests never overlap.
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

    /// <summary>Blocks consumed so far by requests from the host.</summary>
    public uint Offset { get; set; }

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

    /// <summary>Releases the counter.</summary>
    public void Dispose() => _counter.Dispose();
}
