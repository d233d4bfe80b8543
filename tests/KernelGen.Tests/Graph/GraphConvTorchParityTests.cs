using KernelGen.Graph;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>
/// A tiny convolutional autoencoder end to end against PyTorch (tests/fixtures/torch/cases_models_conv.py): Conv2d(1→3,
/// k3, s2, p1) → ReLU → ConvTranspose2d(3→1, k4, s2, p1) → Sigmoid, loss Σ (y − x)² written with the graph's ops.
/// PyTorch's weights are loaded by name (ParameterStore.Write); the loss, the reconstruction and every parameter
/// gradient must match within 1e-5 + 1e-4·|torch| on every backend (float sums over a few hundred terms in another
/// order; a wrong convention — weight layout, padding, bias — is off by far more).
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class GraphConvTorchParityTests(string backend) : DeviceFixture(backend)
{
    private static readonly string[] Parameters = ["enc.weight", "enc.bias", "dec.weight", "dec.bias"];

    [Test]
    public void ConvAutoencoderMatchesTorch()
    {
        var f = TorchFixture.Load("model_conv_ae");
        var (xs, x) = f.Tensor("inputs", "x");
        var g = new GraphBuilder("torch-conv-ae");
        var xin = g.Input("x", xs);
        var h = g.Relu(g.Conv2d(xin, 3, 3, "enc", stride: 2, padding: 1));
        var y = g.MarkOutput(g.Sigmoid(g.ConvTranspose2d(h, 1, 4, "dec", stride: 2, padding: 1)));
        var diff = g.Add(y, g.Scale(xin, -1f));
        g.SetLoss(g.Sum(g.Multiply(diff, diff)));
        using var m = g.Compile(Acc);
        foreach (var p in Parameters) m.Store.Write(p, f.Input(p));
        m.SetInput("x", x);
        m.Forward();
        m.Backward();

        GraphLayerTorchTests.Near([m.ReadLoss()], f.Output("loss"), 1e-5, 1e-4, "loss");
        GraphLayerTorchTests.Near(m.Read(y), f.Output("y"), 1e-5, 1e-4, "y");
        foreach (var p in Parameters)
            GraphLayerTorchTests.Near(m.Store.Grad(p).ToArrayFrom(m.Store), f.Grad(p), 1e-5, 1e-4, $"d loss / d {p}");
    }
}
