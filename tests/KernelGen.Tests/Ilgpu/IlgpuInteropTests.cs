using KernelGen.Examples.IlgpuVaeStep;
using KernelGen.Graph;
using KernelGen.ILGPU;
using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Ilgpu;

using global::ILGPU;
using global::ILGPU.Runtime;
using global::ILGPU.Runtime.CPU;

/// <summary>
/// Memory shared between ILGPU and KernelGen without copies (docs/ilgpu.md, "Interop"): KernelGen buffers as ILGPU
/// views, ILGPU buffers as KernelGen buffers, a graph's input and a parameter store's storage, and one stream for the
/// user's ILGPU kernels and KernelGen's step. On ILGPU's CPU accelerator (every machine); the same code runs on ILGPU's
/// CUDA accelerator.
/// </summary>
public sealed class IlgpuInteropTests
{
    private Context _context = null!;
    private global::ILGPU.Runtime.Accelerator _ilgpu = null!;
    private KernelGen.Accelerator _kernelgen = null!;

    [OneTimeSetUp]
    public void Open()
    {
        _context = Context.Create(b => b.CPU(IlgpuBackend.ReferenceCpu).ForKernelGen());
        _ilgpu = _context.GetPreferredDevice(preferCPU: true).CreateAccelerator(_context);
        _kernelgen = IlgpuBackend.Wrap(_ilgpu);
    }

    [OneTimeTearDown]
    public void Close()
    {
        _kernelgen?.Dispose();
        _ilgpu?.Dispose();
        _context?.Dispose();
    }

    private static void AddIndex(Index1D i, ArrayView<float> data) => data[i] += i;

    [Test]
    public void AKernelGenSubViewIsTheSameMemoryToAnIlgpuKernel()
    {
        using var buffer = _kernelgen.Allocate<float>(Enumerable.Range(0, 100).Select(i => 0.5f * i).ToArray(), "shared");
        var view = buffer.View.SubView(10, 20).AsIlgpuView();
        Assert.That(view.Length, Is.EqualTo(20));
        var addIndex = _ilgpu.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>>(AddIndex);
        addIndex((int)view.Length, view);
        var result = buffer.ToArray();
        for (int i = 0; i < 100; i++)
            Assert.That(result[i], Is.EqualTo(0.5f * i + (i is >= 10 and < 30 ? i - 10 : 0)), $"element {i}");
    }

    [Test]
    public void AnAdoptedIlgpuBufferIsTheSameMemoryToKernelGensKernelsAndStaysTheUsers()
    {
        using var ilgpuBuffer = _ilgpu.Allocate1D(Enumerable.Range(0, 64).Select(i => (float)i - 32).ToArray());
        long allocated = _kernelgen.AllocatedBytes, allocations = _kernelgen.AllocationCount;
        var adopted = _kernelgen.Adopt(ilgpuBuffer, "relu-in-place");
        Assert.Multiple(() =>
        {
            Assert.That(adopted.IsBorrowed, Is.True);
            Assert.That(adopted.Length, Is.EqualTo(64));
            Assert.That(_kernelgen.AllocatedBytes, Is.EqualTo(allocated), "an adopted buffer is not KernelGen's allocation");
            Assert.That(_kernelgen.AllocationCount, Is.EqualTo(allocations));
        });
        _kernelgen.DefaultStream.Launch(ActivationKernels.ReluKernel, 64, adopted.View, adopted.View);
        adopted.Dispose();
        Assert.That(_kernelgen.AllocatedBytes, Is.EqualTo(allocated), "disposing it leaves the counters alone");
        Assert.That(ilgpuBuffer.GetAsArray1D(), Is.EqualTo(Enumerable.Range(0, 64).Select(i => Math.Max(0f, i - 32)).ToArray()),
            "KernelGen's ReLU wrote the ILGPU buffer, which outlives the adopted view");
    }

    [Test]
    public void AnIlgpuCpuBufferIsAdoptedByKernelGensNativeCpuBackend()
    {
        using var cpu = TestDevices.Open("cpu");
        using var ilgpuBuffer = _ilgpu.Allocate1D(new[] { -1f, 2f, -3f, 4f });
        using var adopted = cpu.Adopt(ilgpuBuffer.View.SubView(1, 3).AsContiguous(), "tail");
        cpu.DefaultStream.Launch(ActivationKernels.ReluKernel, 3, adopted.View, adopted.View);
        cpu.Synchronize();
        Assert.That(ilgpuBuffer.GetAsArray1D(), Is.EqualTo(new[] { -1f, 2f, 0f, 4f }));
    }

    [Test]
    public void AnIlgpuBufferIsAGraphInputWithNoCopyAndTheStepNeitherWaitsNorAllocates()
    {
        const int batch = 4;
        var images = Images(batch);
        var g = TinyModel(batch);
        using var reference = g.Compile(_kernelgen, new CompileOptions { Seed = 3 });
        reference.Store.Group("default").UseOptimizer(new Adam(1e-2f));
        reference.SetInput("x", images);
        reference.Step();
        float expected = reference.ReadLoss();

        using var model = TinyModel(batch).Compile(_kernelgen, new CompileOptions { Seed = 3 });
        model.Store.Group("default").UseOptimizer(new Adam(1e-2f));
        using var input = _ilgpu.Allocate1D<float>(images.Length);
        using var x = _kernelgen.Adopt(input, "x");
        model.UseInput("x", x);
        Assert.That(model.InputBuffer("x"), Is.SameAs(x));
        input.CopyFromCPU(images);                        // the user's ILGPU side writes the batch
        long waits = _kernelgen.HostWaitCount, allocations = _kernelgen.AllocationCount;
        model.Step();
        Assert.That(_kernelgen.HostWaitCount - waits, Is.Zero, "the step waits for nothing");
        Assert.That(_kernelgen.AllocationCount - allocations, Is.Zero, "the step allocates nothing");
        Assert.That(model.ReadLoss(), Is.EqualTo(expected), "the same loss as uploading the batch (same device, same kernels)");
        model.Dispose();
        Assert.That(x.IsDisposed, Is.False, "the graph never disposes the caller's input buffer");
    }

    [Test]
    public void AnIlgpuBufferHoldsTheParametersAndSeesEveryUpdateInPlace()
    {
        var g = TinyModel(2);
        int count = g.Parameters.Sum(p => p.Shape.Numel);
        using var storage = _ilgpu.Allocate1D<float>(count);
        using var values = _kernelgen.Adopt(storage, "parameters");
        using var model = g.Compile(_kernelgen, new CompileOptions { Seed = 5, ParameterStorage = values });
        model.Store.Group("default").UseOptimizer(new Adam(1e-2f));
        var before = storage.GetAsArray1D();
        Assert.That(before, Is.EqualTo(model.Store.Specs.SelectMany(s => model.Store.Read(s.Name)).ToArray()), "initialized in the ILGPU buffer");
        Assert.That(before.Any(v => v != 0), Is.True);
        model.SetInput("x", Images(2));
        model.Step();
        var after = storage.GetAsArray1D();
        Assert.That(after, Is.Not.EqualTo(before), "Adam updated the parameters in the ILGPU buffer");
        var layout = model.Store.Specs.SelectMany(s => model.Store.Read(s.Name)).ToArray();
        Assert.That(after, Is.EqualTo(layout), "the store's parameters are the ILGPU buffer, in arena order");
    }

    [Test]
    public void ParametersWrittenByTheUserAreKeptWhenInitializationIsOff()
    {
        var g = TinyModel(2);
        int count = g.Parameters.Sum(p => p.Shape.Numel);
        var weights = Enumerable.Range(0, count).Select(i => 0.01f * (i % 17) - 0.08f).ToArray();
        using var storage = _ilgpu.Allocate1D(weights);
        using var values = _kernelgen.Adopt(storage, "parameters");
        using var model = g.Compile(_kernelgen, new CompileOptions { ParameterStorage = values, InitializeParameters = false });
        Assert.That(model.Store.Specs.SelectMany(s => model.Store.Read(s.Name)).ToArray(), Is.EqualTo(weights));
    }

    [Test]
    public void MisuseIsRefusedWithOneLineNamingWhatIsWrong()
    {
        using var cpu = TestDevices.Open("cpu");
        using var onCpu = cpu.Allocate<float>(8, "host-buffer");
        var e1 = Assert.Throws<ArgumentException>(() => onCpu.View.AsIlgpuView());
        Assert.That(e1!.Message, Does.Contain("'host-buffer'").And.Contain("only buffers of an ILGPU-hosted accelerator"));

        using var model = TinyModel(2).Compile(_kernelgen);
        var e2 = Assert.Throws<ArgumentException>(() => model.UseInput("x", onCpu));
        Assert.That(e2!.Message, Does.Contain("Input 'x'").And.Contain("'host-buffer' lives on"));
        using var shortBuffer = _kernelgen.Allocate<float>(3, "short");
        var e3 = Assert.Throws<ArgumentException>(() => model.UseInput("x", shortBuffer));
        Assert.That(e3!.Message, Does.Contain("expects shape (2, 784)").And.Contain("'short' holds 3"));
        using var ints = _kernelgen.Allocate<int>(2 * VaeOnIlgpu.Pixels, "labels");
        var e4 = Assert.Throws<ArgumentException>(() => model.UseInput("x", ints));
        Assert.That(e4!.Message, Does.Contain("holds float values").And.Contain("'labels' holds int"));
        var e5 = Assert.Throws<ArgumentException>(() => model.UseInput("y", shortBuffer));
        Assert.That(e5!.Message, Does.Contain("no input 'y'"));

        using var small = _kernelgen.Allocate<float>(10, "too-small");
        var e6 = Assert.Throws<ArgumentException>(() => TinyModel(2).Compile(_kernelgen, new CompileOptions { ParameterStorage = small }));
        Assert.That(e6!.Message, Does.Contain("'too-small' holds 10 floats"));
        var e7 = Assert.Throws<ArgumentException>(() => TinyModel(2).Compile(_kernelgen, new CompileOptions { InitializeParameters = false }));
        Assert.That(e7!.Message, Does.Contain("no ParameterStorage"));

        using var other = Context.Create(b => b.CPU(IlgpuBackend.ReferenceCpu).ForKernelGen());
        using var otherAccelerator = other.GetPreferredDevice(preferCPU: true).CreateAccelerator(other);
        using var foreign = otherAccelerator.Allocate1D<float>(4);
        var e8 = Assert.Throws<ArgumentException>(() => _kernelgen.Adopt(foreign, "foreign"));
        Assert.That(e8!.Message, Does.Contain("Adopt 'foreign'").And.Contain("cannot address"));
    }

    /// <summary>A tiny autoencoder over 784 pixels: small enough for ILGPU's CPU accelerator, with GEMMs, a loss and Adam.</summary>
    internal static GraphBuilder TinyModel(int batch)
    {
        var g = new GraphBuilder("tiny");
        var x = g.Input("x", batch, VaeOnIlgpu.Pixels);
        var logits = g.Linear(g.Relu(g.Linear(x, 8, "enc")), VaeOnIlgpu.Pixels, "dec");
        g.SetLoss(g.Scale(g.BinaryCrossEntropyWithLogits(logits, x, LossReduction.Sum), 1f / batch));
        return g;
    }

    internal static float[] Images(int count) => KernelGen.Models.Data.Mnist.LoadEmbedded().Train.Images[..(count * VaeOnIlgpu.Pixels)];
}
