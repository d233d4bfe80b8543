using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// Loss, one-hot and optimizer conventions against PyTorch fixtures (cases_losses.py, cases_optim.py) on every
/// backend. Tolerance 1e-6 + 2e-5·|torch| (losses, gradients including the ±1e12-scale BCE gradients at
/// p = 0 and 1) and 1e-6 + 1e-5·|torch| for optimizer steps.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class TorchLossFixtureTests(string backend) : DeviceFixture(backend)
{
    private static void Close(float[] got, float[] torch, string what, double rel = 2e-5) =>
        Reference.AssertClose(got, torch.Select(x => (double)x).ToArray(), i => 1e-6 + rel * Math.Abs(torch[i]), what + " vs torch");

    [TestCase("mse_mean")]
    [TestCase("mse_sum")]
    [TestCase("bce_mean")]
    [TestCase("bce_sum")]
    [TestCase("bcelogits_mean")]
    [TestCase("bcelogits_sum")]
    [TestCase("ce_mean")]
    [TestCase("ce_sum")]
    [TestCase("kl_mean")]
    [TestCase("kl_sum")]
    public void LossMatchesTorch(string name)
    {
        var f = TorchFixture.Load(name);
        var red = name.EndsWith("_mean") ? LossReduction.Mean : LossReduction.Sum;
        float g = (float)f.Param("gradScale");
        using var v = new PaddedViews(Acc);
        var loss = v.Zeros<float>(1, "loss");
        string op = name.Split('_')[0];
        if (op == "kl")
        {
            var (shape, mu) = f.Tensor("inputs", "mu");
            var dmu = v.Zeros<float>(mu.Length, "dmu");
            var dlv = v.Zeros<float>(mu.Length, "dlogvar");
            Loss.GaussianKl(Stream, v.Up(mu, "mu"), v.Up(f.Input("logvar"), "logvar"), loss, dmu, dlv,
                v.Zeros<float>(Loss.ElementwiseScratchLength(mu.Length), "scratch"), shape[0], red, g);
            Close(PaddedViews.Down(dmu), f.Grad("dmu"), name + " dmu");
            Close(PaddedViews.Down(dlv), f.Grad("dlogvar"), name + " dlogvar");
        }
        else
        {
            var x = f.Input("x");
            var grad = v.Zeros<float>(x.Length, "grad");
            var xv = v.Up(x, "x");
            if (op == "ce")
            {
                var labels = f.Input("labels").Select(l => (int)l).ToArray();
                int classes = (int)f.Param("classes");
                Loss.CrossEntropy(Stream, xv, v.Up(labels, "labels"), loss, grad, v.Zeros<float>(Loss.CrossEntropyScratchLength(labels.Length), "scratch"),
                    v.Zeros<int>(1, "status"), classes, red, g);
            }
            else
            {
                var tv = v.Up(f.Input("t"), "t");
                var scratch = v.Zeros<float>(Loss.ElementwiseScratchLength(x.Length), "scratch");
                switch (op)
                {
                    case "mse": Loss.Mse(Stream, xv, tv, loss, grad, scratch, red, g); break;
                    case "bce": Loss.BinaryCrossEntropy(Stream, xv, tv, loss, grad, scratch, red, g); break;
                    default: Loss.BinaryCrossEntropyWithLogits(Stream, xv, tv, loss, grad, scratch, red, g); break;
                }
            }
            Close(PaddedViews.Down(grad), f.Grad("dx"), name + " grad");
        }
        Close(PaddedViews.Down(loss), f.Output("loss"), name + " loss");
    }

    [Test]
    public void OneHotMatchesTorch()
    {
        var f = TorchFixture.Load("onehot_5");
        var labels = f.Input("labels").Select(l => (int)l).ToArray();
        int classes = (int)f.Param("classes");
        using var v = new PaddedViews(Acc);
        var y = v.Zeros<float>(labels.Length * classes, "y");
        Shapes.OneHot(Stream, v.Up(labels, "labels"), y, v.Zeros<int>(1, "status"), classes);
        Assert.That(PaddedViews.Down(y), Is.EqualTo(f.Output("y")));
    }

    [TestCase("sgd_momentum")]
    [TestCase("sgd_nesterov")]
    [TestCase("adam_wd")]
    [TestCase("adamw_default")]
    public void OptimizerMatchesTorch(string name)
    {
        var f = TorchFixture.Load(name);
        int steps = (int)f.Param("steps");
        float lr = (float)f.Param("lr"), wd = (float)f.Param("weightDecay");
        var p0 = f.Input("p0");
        using var v = new PaddedViews(Acc);
        var p = v.Up(p0, "params");
        var s1 = v.Zeros<float>(p0.Length, "state1");
        var s2 = v.Zeros<float>(p0.Length, "state2");
        var step = v.Zeros<int>(OptimizerSteps.AdamStateLength, "step");
        for (int k = 0; k < steps; k++)
        {
            var g = v.Up(f.Input($"g{k}"), "grads");
            switch (name.Split('_')[0])
            {
                case "sgd":
                    OptimizerSteps.Sgd(Stream, p, g, s1, lr, (float)f.Param("momentum"), wd, f.Param("nesterov") != 0);
                    break;
                case "adam":
                    OptimizerSteps.Adam(Stream, p, g, s1, s2, step, lr, (float)f.Param("beta1"), (float)f.Param("beta2"), (float)f.Param("eps"), wd);
                    break;
                default:
                    OptimizerSteps.AdamW(Stream, p, g, s1, s2, step, lr, (float)f.Param("beta1"), (float)f.Param("beta2"), (float)f.Param("eps"), wd);
                    break;
            }
            Close(PaddedViews.Down(p), f.Output($"p{k + 1}"), $"{name} step {k + 1}", 1e-5);
        }
    }

    [Test]
    public void ClipGradNormMatchesTorch()
    {
        var f = TorchFixture.Load("clipnorm_1.5");
        var g0 = f.Input("g");
        using var v = new PaddedViews(Acc);
        var g = v.Up(g0, "grads");
        var norm = v.Zeros<float>(1, "norm");
        OptimizerSteps.ClipGradNorm(Stream, g, norm, v.Zeros<float>(OptimizerSteps.GradNormScratchLength(g0.Length), "scratch"), (float)f.Param("maxNorm"));
        Close(PaddedViews.Down(norm), f.Output("norm"), "clip_grad_norm_ norm", 1e-5);
        Close(PaddedViews.Down(g), f.Output("g"), "clip_grad_norm_ grads", 1e-5);
    }
}
