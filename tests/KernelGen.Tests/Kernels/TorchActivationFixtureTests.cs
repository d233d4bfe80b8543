using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// Activation conventions against PyTorch fixtures (LeakyReLU slope, sigmoid and tanh saturation) on every
/// backend. Tolerance 1e-6 + 1e-5·|torch|, as in the conformance tests.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class TorchActivationFixtureTests(string backend) : DeviceFixture(backend)
{
    [TestCase("leakyrelu_default")]
    [TestCase("leakyrelu_0.2")]
    [TestCase("sigmoid_range")]
    [TestCase("tanh_range")]
    public void MatchesTorch(string name)
    {
        var f = TorchFixture.Load(name);
        var x = f.Input("x");
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(x.Length, "y");
        using var dyb = Acc.Allocate<float>(f.Input("dy"), "dy");
        using var dxb = Acc.Allocate<float>(x.Length, "dx");
        dxb.Zero();
        switch (name.Split('_')[0])
        {
            case "leakyrelu":
                float slope = (float)f.Param("slope");
                Stream.Launch(ActivationKernels.LeakyReluKernel, x.Length, xb, yb, slope);
                Stream.Launch(ActivationKernels.LeakyReluBackwardKernel, x.Length, yb, dyb, dxb, slope);
                break;
            case "sigmoid":
                Stream.Launch(ActivationKernels.SigmoidKernel, x.Length, xb, yb);
                Stream.Launch(ActivationKernels.SigmoidBackwardKernel, x.Length, yb, dyb, dxb);
                break;
            default:
                Stream.Launch(ActivationKernels.TanhKernel, x.Length, xb, yb);
                Stream.Launch(ActivationKernels.TanhBackwardKernel, x.Length, yb, dyb, dxb);
                break;
        }
        var y = f.Output("y").Select(v => (double)v).ToArray();
        var dx = f.Grad("dx").Select(v => (double)v).ToArray();
        Reference.AssertClose(yb.ToArray(), y, i => 1e-6 + 1e-5 * Math.Abs(y[i]), $"{name} forward vs torch");
        Reference.AssertClose(dxb.ToArray(), dx, i => 1e-6 + 1e-5 * Math.Abs(dx[i]), $"{name} backward vs torch");
    }
}
