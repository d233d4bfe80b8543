using KernelGen.ILGPU;
using KernelGen.Kernels;

namespace KernelGen.Tests.Ilgpu;

using global::ILGPU;
using global::ILGPU.Runtime;
using global::ILGPU.Runtime.Cuda;

/// <summary>
/// Interop on ILGPU's CUDA accelerator (skipped with ILGPU's reason where it has none): an ILGPU buffer adopted by
/// KernelGen on ILGPU's accelerator (ILGPU's compilation of the kernels) and by KernelGen's own CUDA backend attached to
/// ILGPU's context and stream (NVRTC's compilation), with the user's ILGPU kernel and KernelGen's on one stream, in order.
/// </summary>
public sealed class IlgpuCudaInteropTests
{
    private Context _context = null!;
    private CudaAccelerator _ilgpu = null!;

    [OneTimeSetUp]
    public void Open()
    {
        var listing = IlgpuDevices.List().FirstOrDefault(d => d.Id.StartsWith("ilgpu:cuda", StringComparison.Ordinal));
        if (listing is not { Available: true }) Assert.Ignore($"ilgpu:cuda: {listing?.Detail ?? "not listed by ILGPU"}");
        _context = Context.Create(b => b.Cuda().ForKernelGen());
        _ilgpu = _context.GetCudaDevice(0).CreateCudaAccelerator(_context);
    }

    [OneTimeTearDown]
    public void Close()
    {
        _ilgpu?.Dispose();
        _context?.Dispose();
    }

    private static void Negate(Index1D i, ArrayView<float> data) => data[i] = -data[i];

    [Test]
    public void KernelGenOnIlgpusAcceleratorWritesTheUsersBuffer() => ReluAfterNegate(IlgpuBackend.Wrap(_ilgpu));

    [Test]
    public void KernelGensCudaBackendOnIlgpusContextAndStreamWritesTheUsersBuffer()
    {
        KernelGen.Accelerator attached;
        try { attached = IlgpuInterop.AttachCuda(_ilgpu); }
        catch (InvalidOperationException e) { Assert.Ignore(e.Message); throw; }
        Assert.That(attached.Device.Backend, Is.EqualTo(Backend.Cuda));
        ReluAfterNegate(attached);
    }

    /// <summary>ILGPU negates, KernelGen's ReLU follows on the same stream with no wait between; the user reads the result.</summary>
    private void ReluAfterNegate(KernelGen.Accelerator kernelgen)
    {
        using (kernelgen)
        {
            var data = Enumerable.Range(0, 1000).Select(i => (float)(i - 500)).ToArray();
            using var buffer = _ilgpu.Allocate1D(data);
            var negate = _ilgpu.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>>(Negate);
            using var adopted = kernelgen.Adopt(buffer, "data");
            long waits = kernelgen.HostWaitCount;
            negate(buffer.IntExtent, buffer.View);
            kernelgen.DefaultStream.Launch(ActivationKernels.ReluKernel, data.Length, adopted.View, adopted.View);
            Assert.That(kernelgen.HostWaitCount, Is.EqualTo(waits), "no host wait between the two kernels");
            _ilgpu.Synchronize();
            Assert.That(buffer.GetAsArray1D(), Is.EqualTo(data.Select(v => Math.Max(0f, -v)).ToArray()));
        }
    }
}
