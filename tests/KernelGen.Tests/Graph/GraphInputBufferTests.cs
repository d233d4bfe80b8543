using KernelGen.Graph;
using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>
/// <see cref="CompiledGraph.UseInput"/>: a buffer of the caller's becomes a graph input without a copy, on every backend.
/// Training from it is training from the same values uploaded; the graph never disposes it; a step from it waits for
/// nothing and allocates nothing.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class GraphInputBufferTests(string backend) : DeviceFixture(backend)
{
    private const int Batch = 4, Features = 6;

    [Test]
    public void ACallersBufferIsTheInputAndTrainsAsAnUploadDoes()
    {
        var data = Enumerable.Range(0, Batch * Features).Select(i => MathF.Sin(i)).ToArray();
        using var uploaded = Model().Compile(Acc, new CompileOptions { Seed = 2 });
        uploaded.Store.Group("default").UseOptimizer(new SgdMomentum(0.1f));
        uploaded.SetInput("x", data);
        uploaded.Step();
        uploaded.Step();

        var bound = Model().Compile(Acc, new CompileOptions { Seed = 2 });
        bound.Store.Group("default").UseOptimizer(new SgdMomentum(0.1f));
        using var mine = Acc.Allocate<float>(data, "my-batch");
        long allocated = Acc.AllocatedBytes;
        bound.UseInput("x", mine);
        Assert.That(Acc.AllocatedBytes, Is.EqualTo(allocated - data.Length * 4L), "the graph's own input buffer is released");
        bound.Step();
        long waits = Acc.HostWaitCount, allocations = Acc.AllocationCount;
        bound.Step();
        Assert.That((Acc.HostWaitCount - waits, Acc.AllocationCount - allocations), Is.EqualTo((0L, 0L)));
        Assert.That(bound.ReadLoss(), Is.EqualTo(uploaded.ReadLoss()));
        Assert.That(bound.Store.Read("fc.weight"), Is.EqualTo(uploaded.Store.Read("fc.weight")));

        bound.SetInput("x", new float[Batch * Features]);
        Assert.That(mine.ToArray(), Is.All.EqualTo(0f), "SetInput writes into the caller's buffer");
        bound.Dispose();
        Assert.That(mine.IsDisposed, Is.False, "the graph never disposes the caller's buffer");
        Assert.That(mine.ToArray(), Has.Length.EqualTo(Batch * Features));
    }

    private static GraphBuilder Model()
    {
        var g = new GraphBuilder("regression");
        var x = g.Input("x", Batch, Features);
        var y = g.Linear(g.Tanh(g.Linear(x, 5, "fc")), Features, "out");
        g.SetLoss(g.Mse(y, x));
        return g;
    }
}
