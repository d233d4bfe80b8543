using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels.Pointwise;

/// <summary>
/// The pointwise, pooling, resizing, batch-norm and softmax ops against PyTorch fixtures
/// (tests/fixtures/torch/cases_pointwise.py, files pw_*.json) on every backend. Tolerance 1e-5 + 1e-5·|torch|
/// (batch norm 5e-5 + 5e-5·|torch|, gradients of per-channel sums scaled by √count): both sides are float, with
/// different summation orders and transcendental implementations.
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class TorchPointwiseFixtureTests(string backend) : DeviceFixture(backend)
{
    public static IEnumerable<string> Names() => TorchFixture.Named("pw_");

    private static double[] D(float[] v) => v.Select(e => (double)e).ToArray();

    private static void Close(MemoryBuffer<float> got, float[] torch, string what, double tol = 1e-5) =>
        Reference.AssertClose(got.ToArray(), D(torch), i => tol + tol * Math.Abs(torch[i]), what + " vs torch");

    [TestCaseSource(nameof(Names))]
    public void MatchesTorch(string name)
    {
        var f = TorchFixture.Load(name);
        var x = f.Input("x");
        var dy = f.Input("dy");
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(dy.Length, "y");
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dxb = Acc.Allocate<float>(x.Length, "dx");
        dxb.Zero();
        var s = Stream;
        string op = name.Split('_')[1];
        double tol = 1e-5;
        switch (op)
        {
            case "elu":
                Activations.Elu(s, xb, yb, (float)f.Param("alpha"));
                Activations.EluBackward(s, yb, dyb, dxb, (float)f.Param("alpha"));
                break;
            case "softplus":
                Activations.Softplus(s, xb, yb, (float)f.Param("beta"), (float)f.Param("threshold"));
                Activations.SoftplusBackward(s, xb, dyb, dxb, (float)f.Param("beta"), (float)f.Param("threshold"));
                break;
            case "gelu":
                var form = f.Param("tanh") != 0 ? GeluApproximation.Tanh : GeluApproximation.None;
                Activations.Gelu(s, xb, yb, form);
                Activations.GeluBackward(s, xb, dyb, dxb, form);
                break;
            case "maxpool":
            case "avgpool":
            {
                var sh = f.Ints("shape");
                int k = (int)f.Param("kernel"), st = (int)f.Param("stride"), p = (int)f.Param("padding");
                if (op == "maxpool")
                {
                    using var arg = Acc.Allocate<int>(dy.Length, "argmax");
                    Pool.MaxPool2D(s, xb, yb, arg, sh[0], sh[1], sh[2], sh[3], k, st, p);
                    Pool.MaxPool2DBackward(s, dyb, arg, dxb, sh[0], sh[1], sh[2], sh[3], k, st, p);
                    s.Synchronize();
                }
                else
                {
                    bool include = f.Param("include_pad") != 0;
                    Pool.AvgPool2D(s, xb, yb, sh[0], sh[1], sh[2], sh[3], k, st, p, include);
                    Pool.AvgPool2DBackward(s, dyb, dxb, sh[0], sh[1], sh[2], sh[3], k, st, p, include);
                }
                break;
            }
            case "nearest":
            {
                var sh = f.Ints("shape");
                var sc = f.Ints("scale");
                Resize.Nearest(s, xb, yb, sh[0], sh[1], sh[2], sh[3], sc[0], sc[1]);
                Resize.NearestBackward(s, dyb, dxb, sh[0], sh[1], sh[2], sh[3], sc[0], sc[1]);
                break;
            }
            case "bilinear":
            {
                var sh = f.Ints("shape");
                var o = f.Ints("out");
                Resize.Bilinear(s, xb, yb, sh[0], sh[1], sh[2], sh[3], o[0], o[1]);
                Resize.BilinearBackward(s, dyb, dxb, sh[0], sh[1], sh[2], sh[3], o[0], o[1]);
                break;
            }
            case "softmax":
            case "logsoftmax":
            {
                int outer = (int)f.Param("outer"), axis = (int)f.Param("axis"), inner = (int)f.Param("inner");
                if (op == "softmax")
                {
                    AxisReduce.Softmax(s, xb, yb, outer, axis, inner);
                    AxisReduce.SoftmaxBackward(s, yb, dyb, dxb, outer, axis, inner);
                }
                else
                {
                    AxisReduce.LogSoftmax(s, xb, yb, outer, axis, inner);
                    AxisReduce.LogSoftmaxBackward(s, yb, dyb, dxb, outer, axis, inner);
                }
                break;
            }
            case "batchnorm":
                BatchNorm(f, xb, yb, dyb, dxb);
                return;
            default:
                Assert.Fail($"fixture {name}: unknown op '{op}'");
                break;
        }
        Close(yb, f.Output("y"), name + " forward", tol);
        Close(dxb, f.Grad("dx"), name + " backward", tol);
    }

    private void BatchNorm(TorchFixture f, MemoryBuffer<float> xb, MemoryBuffer<float> yb, MemoryBuffer<float> dyb, MemoryBuffer<float> dxb)
    {
        int n = (int)f.Param("n"), c = (int)f.Param("c"), sp = (int)f.Param("s");
        float momentum = (float)f.Param("momentum"), eps = (float)f.Param("eps");
        using var gb = Acc.Allocate<float>(f.Input("gamma"), "gamma");
        using var bb = Acc.Allocate<float>(f.Input("beta"), "beta");
        using var rm = Acc.Allocate<float>(f.Input("running_mean"), "running-mean");
        using var rv = Acc.Allocate<float>(f.Input("running_var"), "running-var");
        using var sm = Acc.Allocate<float>(c, "save-mean");
        using var si = Acc.Allocate<float>(c, "save-invstd");
        using var dg = Acc.Allocate<float>(c, "dgamma");
        using var db = Acc.Allocate<float>(c, "dbeta");
        using var scratch = Acc.Allocate<float>(BatchNormOps.BatchNormScratchLength(c), "scratch");
        using var ye = Acc.Allocate<float>(xb.Length, "y-eval");
        dg.Zero();
        db.Zero();
        BatchNormOps.BatchNormTraining(Stream, xb, yb, gb, bb, rm, rv, sm, si, n, c, sp, momentum, eps);
        BatchNormOps.BatchNormBackward(Stream, xb, dyb, gb, sm, si, dxb, dg, db, scratch, n, c, sp);
        BatchNormOps.BatchNormInference(Stream, xb, ye, gb, bb, rm, rv, n, c, sp, eps);
        const double tol = 5e-5;
        double perChannel = tol * Math.Sqrt(n * sp);
        Close(yb, f.Output("y"), "batch norm forward", tol);
        Close(rm, f.Output("running_mean"), "running mean", tol);
        Close(rv, f.Output("running_var"), "running var", tol);
        Close(ye, f.Output("y_eval"), "batch norm eval forward", tol);
        Close(dxb, f.Grad("dx"), "batch norm dx", tol);
        Close(dg, f.Grad("dgamma"), "dgamma", perChannel);
        Close(db, f.Grad("dbeta"), "dbeta", perChannel);
    }
}
