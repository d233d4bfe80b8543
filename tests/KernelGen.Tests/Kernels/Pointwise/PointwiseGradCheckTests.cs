using KernelGen.Kernels;
using KernelGen.Tests.Support;
using static KernelGen.Tests.Kernels.Pointwise.PointwiseReference;

namespace KernelGen.Tests.Kernels.Pointwise;

/// <summary>
/// Every new backward op against central finite differences of its double reference forward, on the CPU
/// (GradCheck's default tolerance 1e-4 + 1e-3·|numeric|). Inputs avoid kinks and ties: max pooling and max
/// reductions get distinct values, activations stay off x = 0.
/// </summary>
public sealed class PointwiseGradCheckTests
{
    private static Accelerator _acc = null!;
    private static AcceleratorStream S => _acc.DefaultStream;

    [OneTimeSetUp] public void Open() => _acc = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
    [OneTimeTearDown] public void Close() => _acc.Dispose();

    /// <summary>Runs <paramref name="backward"/> with dx starting at zero and returns dx.</summary>
    private static float[] Grad(int n, Action<ArrayView<float>> backward)
    {
        using var dx = _acc.Allocate<float>(n, "dx");
        dx.Zero();
        backward(dx.View);
        return dx.ToArray();
    }

    private static void Check(string what, Func<double[], double[]> f, float[] x, float[] dy, float[] analytic) =>
        GradCheck.AssertMatches(analytic, GradCheck.Numeric(f, D(x), D(dy)), what);

    public static IEnumerable<TestCaseData> Activations()
    {
        static double Phi(double v) => 0.5 * (1 + MathNet.Numerics.SpecialFunctions.Erf(v / Math.Sqrt(2)));
        yield return new TestCaseData("elu", (Func<double, double>)(v => v > 0 ? v : 1.3 * (Math.Exp(v) - 1)));
        yield return new TestCaseData("softplus", (Func<double, double>)(v => 2 * v > 20 ? v : Math.Log(1 + Math.Exp(2 * v)) / 2));
        yield return new TestCaseData("gelu", (Func<double, double>)(v => v * Phi(v)));
        yield return new TestCaseData("gelu_tanh", (Func<double, double>)(v => 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))));
    }

    [TestCaseSource(nameof(Activations))]
    public void ActivationBackward(string name, Func<double, double> f)
    {
        var x = Reference.Random(257, 21, -5f, 5f).Select(v => MathF.Abs(v) < 1e-2f ? v + 0.05f : v).ToArray();
        x[0] = 12f; // beyond softplus's threshold at beta 2
        var dy = Reference.Random(x.Length, 22);
        using var xb = _acc.Allocate<float>(x, "x");
        using var yb = _acc.Allocate<float>(x.Length, "y");
        using var dyb = _acc.Allocate<float>(dy, "dy");
        var dx = Grad(x.Length, dx =>
        {
            switch (name)
            {
                case "elu":
                    KernelGen.Kernels.Activations.Elu(S, xb, yb, 1.3f);
                    KernelGen.Kernels.Activations.EluBackward(S, yb, dyb, dx, 1.3f);
                    break;
                case "softplus":
                    KernelGen.Kernels.Activations.SoftplusBackward(S, xb, dyb, dx, 2f, 20f);
                    break;
                case "gelu":
                    KernelGen.Kernels.Activations.GeluBackward(S, xb, dyb, dx);
                    break;
                default:
                    KernelGen.Kernels.Activations.GeluBackward(S, xb, dyb, dx, GeluApproximation.Tanh);
                    break;
            }
        });
        Check(name, v => v.Select(f).ToArray(), x, dy, dx);
    }

    [TestCase(1, 2, 7, 5, 3, 2, 1)]
    [TestCase(2, 1, 6, 7, 2, 1, 1)]
    [TestCase(1, 1, 9, 8, 4, 3, 2)]
    public void PoolBackward(int n, int c, int h, int w, int k, int s, int p)
    {
        int planes = n * c, outputs = planes * OutSize(h, k, s, p) * OutSize(w, k, s, p);
        var x = Distinct(planes * h * w, 31, 0.05f); // spacing far above the finite-difference step
        var dy = Reference.Random(outputs, 32);
        using var xb = _acc.Allocate<float>(x, "x");
        using var yb = _acc.Allocate<float>(outputs, "y");
        using var ab = _acc.Allocate<int>(outputs, "argmax");
        using var dyb = _acc.Allocate<float>(dy, "dy");
        var dxMax = Grad(x.Length, dx =>
        {
            Pool.MaxPool2D(S, xb, yb, ab, n, c, h, w, k, s, p);
            Pool.MaxPool2DBackward(S, dyb, ab, dx, n, c, h, w, k, s, p);
        });
        Check("max pool", v => PointwiseReference.MaxPool(v, planes, h, w, k, s, p).Y, x, dy, dxMax);
        var dxAvg = Grad(x.Length, dx => Pool.AvgPool2DBackward(S, dyb, dx, n, c, h, w, k, s, p));
        Check("avg pool", v => Apply(t => AvgPoolTerms(planes, h, w, k, s, p, true, t), v, outputs), x, dy, dxAvg);
    }

    [TestCase(1, 2, 3, 5, 2, 3, 7, 11)]
    [TestCase(2, 1, 5, 4, 1, 2, 9, 3)]
    public void ResizeBackward(int n, int c, int h, int w, int sh, int sw, int oh, int ow)
    {
        int planes = n * c;
        var x = Reference.Random(planes * h * w, 41);
        var dyN = Reference.Random(planes * h * sh * w * sw, 42);
        var dyB = Reference.Random(planes * oh * ow, 43);
        using var dynb = _acc.Allocate<float>(dyN, "dy-nearest");
        using var dybb = _acc.Allocate<float>(dyB, "dy-bilinear");
        var dxN = Grad(x.Length, dx => Resize.NearestBackward(S, dynb, dx, n, c, h, w, sh, sw));
        Check("nearest", v => Apply(t => NearestTerms(planes, h, w, sh, sw, t), v, dyN.Length), x, dyN, dxN);
        var dxB = Grad(x.Length, dx => Resize.BilinearBackward(S, dybb, dx, n, c, h, w, oh, ow));
        Check("bilinear", v => Apply(t => BilinearTerms(planes, h, w, oh, ow, t), v, dyB.Length), x, dyB, dxB);
    }

    [TestCase(3, 2, 5)]
    [TestCase(6, 3, 1)]
    public void BatchNormBackward(int n, int c, int s)
    {
        int len = n * c * s;
        var x = Reference.Random(len, 51, -2f, 2f);
        var gamma = Reference.Random(c, 52, 0.5f, 1.5f);
        var beta = Reference.Random(c, 53);
        var dy = Reference.Random(len, 54);
        using var xb = _acc.Allocate<float>(x, "x");
        using var yb = _acc.Allocate<float>(len, "y");
        using var gb = _acc.Allocate<float>(gamma, "gamma");
        using var bb = _acc.Allocate<float>(beta, "beta");
        using var rm = _acc.Allocate<float>(c, "rm");
        using var rv = _acc.Allocate<float>(c, "rv");
        using var sm = _acc.Allocate<float>(c, "sm");
        using var si = _acc.Allocate<float>(c, "si");
        using var dyb = _acc.Allocate<float>(dy, "dy");
        using var dg = _acc.Allocate<float>(c, "dgamma");
        using var db = _acc.Allocate<float>(c, "dbeta");
        using var scratch = _acc.Allocate<float>(BatchNormOps.BatchNormScratchLength(c), "scratch");
        rm.Zero(); rv.Zero(); dg.Zero(); db.Zero();
        var dx = Grad(len, dx =>
        {
            BatchNormOps.BatchNormTraining(S, xb, yb, gb, bb, rm, rv, sm, si, n, c, s);
            BatchNormOps.BatchNormBackward(S, xb, dyb, gb, sm, si, dx, dg, db, scratch, n, c, s);
        });
        Check("batch norm dx", v => PointwiseReference.BatchNorm(v, D(gamma), D(beta), n, c, s, 1e-5).Y, x, dy, dx);
        Check("batch norm dgamma", g => PointwiseReference.BatchNorm(D(x), g, D(beta), n, c, s, 1e-5).Y, gamma, dy, dg.ToArray());
        Check("batch norm dbeta", b => PointwiseReference.BatchNorm(D(x), D(gamma), b, n, c, s, 1e-5).Y, beta, dy, db.ToArray());
    }

    [TestCase(3, 7, 5)]
    [TestCase(4, 9, 1)]
    public void AxisBackward(int outer, int axis, int inner)
    {
        int len = outer * axis * inner, red = outer * inner;
        var x = Distinct(len, 61, 0.05f);
        var dyR = Reference.Random(red, 62);
        var dyF = Reference.Random(len, 63);
        using var xb = _acc.Allocate<float>(x, "x");
        using var yr = _acc.Allocate<float>(red, "y-reduced");
        using var yf = _acc.Allocate<float>(len, "y-full");
        using var ab = _acc.Allocate<int>(red, "argmax");
        using var dyrb = _acc.Allocate<float>(dyR, "dy-reduced");
        using var dyfb = _acc.Allocate<float>(dyF, "dy-full");
        var dx = Grad(len, d => AxisReduce.SumBackward(S, dyrb, d, outer, axis, inner));
        Check("sum", v => ReduceAxis(v, outer, axis, inner, e => e.Sum()), x, dyR, dx);
        dx = Grad(len, d => AxisReduce.MeanBackward(S, dyrb, d, outer, axis, inner));
        Check("mean", v => ReduceAxis(v, outer, axis, inner, e => e.Average()), x, dyR, dx);
        dx = Grad(len, d =>
        {
            AxisReduce.Max(S, xb, yr, ab, outer, axis, inner);
            AxisReduce.MaxBackward(S, dyrb, ab, d, outer, axis, inner);
        });
        Check("max", v => ReduceAxis(v, outer, axis, inner, e => e.Max()), x, dyR, dx);
        dx = Grad(len, d =>
        {
            AxisReduce.Softmax(S, xb, yf, outer, axis, inner);
            AxisReduce.SoftmaxBackward(S, yf, dyfb, d, outer, axis, inner);
        });
        Check("softmax", v => Softmax(v, outer, axis, inner, false), x, dyF, dx);
        dx = Grad(len, d =>
        {
            AxisReduce.LogSoftmax(S, xb, yf, outer, axis, inner);
            AxisReduce.LogSoftmaxBackward(S, yf, dyfb, d, outer, axis, inner);
        });
        Check("log-softmax", v => Softmax(v, outer, axis, inner, true), x, dyF, dx);
    }
}
