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

    /// <summary>
    /// Makes this stream one of <paramref name="count"/> replicas of a data-parallel run, each drawing its own
    /// part of every request: a request for n numbers on replica i gets the numbers i·n … (i+1)·n − 1 of a request
    /// for count·n numbers on one replica (exactly those when n is a multiple of the kernel's 2 or 4 lanes), and the
    /// stream moves past all count·n. A batch split over the replicas so draws what one replica drawing for the
    /// whole batch draws: same noise, same masks, same results.
    /// </summary>
    public void Shard(int index, int count)
    {
        if (count < 1 || index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), $"Replica {index} of {count} does not exist; the index must be 0 to count − 1.");
        (ShardIndex, ShardCount) = (index, count);
    }

    /// <summary>This replica's index in a data-parallel run (0 alone).</summary>
    public int ShardIndex { get; private set; }

    /// <summary>The replicas drawing from this stream together (1 alone).</summary>
    public int ShardCount { get; private set; } = 1;

    /// <summary>
    /// Reserves the blocks of a request for <paramref name="elements"/> numbers produced <paramref name="lanes"/> per
    /// block: returns the block offset the kernel starts at and moves <see cref="Offset"/> past the request (of every
    /// replica, see <see cref="Shard"/>).
    /// </summary>
    public uint Take(int elements, int lanes)
    {
        uint blocks = (uint)((elements + lanes - 1) / lanes);
        uint start = Offset + (uint)ShardIndex * blocks;
        Offset += (uint)ShardCount * blocks;
        return start;
    }

    /// <summary>The device counter (element 0) added to every request's offset.</summary>
    public ArrayView<uint> Counter => _counter.View;

    /// <summary>Fills <paramref name="y"/> with uniform numbers in [lo, hi).</summary>
    public void Uniform(AcceleratorStream stream, ArrayView<float> y, float lo = 0f, float hi = 1f)
    {
        stream.Launch(RandomKernels.UniformKernel, y.Length, y, Counter, Take(y.Length, 4), (uint)Seed, (uint)(Seed >> 32), lo, hi);
    }

    /// <summary>Fills <paramref name="y"/> with normal numbers of the given mean and standard deviation.</summary>
    public void Normal(AcceleratorStream stream, ArrayView<float> y, float mean = 0f, float std = 1f)
    {
        stream.Launch(RandomKernels.NormalKernel, y.Length, y, Counter, Take(y.Length, 2), (uint)Seed, (uint)(Seed >> 32), mean, std);
    }

    /// <summary>
    /// z = μ + e^(logvar/2)·ε with ε standard normal drawn from this stream (the numbers <see cref="Normal"/> would draw)
    /// and written to <paramref name="eps"/>, in one launch.
    /// </summary>
    public void Reparameterize(AcceleratorStream stream, ArrayView<float> mu, ArrayView<float> logvar, ArrayView<float> eps, ArrayView<float> z)
    {
        if (mu.Length != eps.Length || logvar.Length != eps.Length || z.Length != eps.Length)
            throw new ArgumentException($"Reparameterize: μ ({mu.Length}), log-variance ({logvar.Length}), ε ({eps.Length}) and z ({z.Length}) must have one length.", nameof(eps));
        stream.Launch(RandomKernels.ReparameterizeDrawnKernel, eps.Length, mu, logvar, eps, z, Counter, Take(eps.Length, 2), (uint)Seed, (uint)(Seed >> 32));
    }

    /// <summary>Releases the counter.</summary>
    public void Dispose() => _counter.Dispose();
}
