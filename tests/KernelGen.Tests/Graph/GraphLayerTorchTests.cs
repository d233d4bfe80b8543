using KernelGen.Graph;
using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Graph;

/// <summary>
/// Graph nodes against the PyTorch fixtures of their host ops (tests/fixtures/torch/cases_pointwise.py), on every
/// backend: x is declared as a parameter so the graph computes dx, and the loss Σ y·dy seeds the backward with the
/// fixture's dy. ELU, Softplus and GELU (forward and dx); BatchNorm in training mode (y, running statistics, dx,
/// dγ, dβ) and then in evaluation mode (y with the updated running statistics). Tolerance 1e-5 + 1e-5·|torch|
/// (2e-5 + 1e-4·|torch| for batch norm, whose reductions run in another order).
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.Backends))]
public sealed class GraphLayerTorchTests(string backend) : DeviceFixture(backend)
{
    [TestCase("pw_elu_default")]
    [TestCase("pw_elu_1.5")]
    [TestCase("pw_softplus_default")]
    [TestCase("pw_softplus_beta2")]
    [TestCase("pw_gelu_none")]
    [TestCase("pw_gelu_tanh")]
    public void ActivationMatchesTorch(string name)
    {
        var f = TorchFixture.Load(name);
        var (shape, x) = f.Tensor("inputs", "x");
        var g = new GraphBuilder(name);
        var xp = g.Parameter("x", new Shape(shape), Init.Constant(0));
        var dy = g.Input("dy", shape);
        var y = g.MarkOutput(name.Split('_')[1] switch
        {
            "elu" => g.Elu(xp, (float)f.Param("alpha")),
            "softplus" => g.Softplus(xp, (float)f.Param("beta"), (float)f.Param("threshold")),
            _ => g.Gelu(xp, f.Param("tanh") != 0 ? GeluApproximation.Tanh : GeluApproximation.None),
        });
        g.SetLoss(g.Sum(g.Multiply(y, dy)));
        using var m = g.Compile(Acc);
        m.Store.Write("x", x);
        m.SetInput("dy", f.Input("dy"));
        m.Forward();
        m.Backward();
        Near(m.Read(y), f.Output("y"), 1e-5, 1e-5, "y");
        Near(m.Store.Grad("x").ToArrayFrom(m.Store), f.Grad("dx"), 1e-5, 1e-5, "dx");
    }

    [TestCase("pw_batchnorm_1d")]
    [TestCase("pw_batchnorm_2d")]
    public void BatchNormMatchesTorchInTrainingAndEvaluation(string name)
    {
        var f = TorchFixture.Load(name);
        var (shape, x) = f.Tensor("inputs", "x");
        var g = new GraphBuilder(name);
        var xp = g.Parameter("x", new Shape(shape), Init.Constant(0));
        var dy = g.Input("dy", shape);
        var y = g.MarkOutput(g.BatchNorm(xp, "bn", (float)f.Param("momentum"), (float)f.Param("eps")));
        g.SetLoss(g.Sum(g.Multiply(y, dy)));
        using var m = g.Compile(Acc);
        m.Store.Write("x", x);
        m.Store.Write("bn.weight", f.Input("gamma"));
        m.Store.Write("bn.bias", f.Input("beta"));
        m.Store.Write("bn.running_mean", f.Input("running_mean"));
        m.Store.Write("bn.running_var", f.Input("running_var"));
        m.SetInput("dy", f.Input("dy"));

        m.Forward();
        m.Backward();
        Near(m.Read(y), f.Output("y"), 2e-5, 1e-4, "y (training)");
        Near(m.Store.Read("bn.running_mean"), f.Output("running_mean"), 2e-5, 1e-4, "running_mean");
        Near(m.Store.Read("bn.running_var"), f.Output("running_var"), 2e-5, 1e-4, "running_var");
        Near(m.Store.Grad("x").ToArrayFrom(m.Store), f.Grad("dx"), 2e-5, 1e-4, "dx");
        Near(m.Store.Grad("bn.weight").ToArrayFrom(m.Store), f.Grad("dgamma"), 2e-5, 1e-4, "dgamma");
        Near(m.Store.Grad("bn.bias").ToArrayFrom(m.Store), f.Grad("dbeta"), 2e-5, 1e-4, "dbeta");

        m.Training = false;
        m.Forward();
        Near(m.Read(y), f.Output("y_eval"), 2e-5, 1e-4, "y (evaluation)");
        Near(m.Store.Read("bn.running_mean"), f.Output("running_mean"), 2e-5, 1e-4, "running_mean after evaluation");
    }

    internal static void Near(float[] actual, float[] expected, double tol, double eps, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        for (int i = 0; i < expected.Length; i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(tol + eps * Math.Abs(expected[i])), $"{what}[{i}]");
    }
}

/// <summary>Reads gradient views of a parameter store.</summary>
internal static class GradientViews
{
    /// <summary>Copies a gradient view of <paramref name="store"/> to the host.</summary>
    public static float[] ToArrayFrom(this ArrayView<float> view, ParameterStore store)
    {
        var data = new float[view.Length];
        ((MemoryBuffer<float>)view.Buffer!).CopyToHost(data, view.Offset, store.Accelerator.DefaultStream);
        return data;
    }
}
