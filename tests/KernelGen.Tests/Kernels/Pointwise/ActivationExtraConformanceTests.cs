using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels.Pointwise;

/// <summary>
/// ELU, Softplus and GELU (exact and tanh) through <see cref="Activations"/> on every backend against double
/// references. Tolerance 2e-6 + 1e-5·|ref|: a few ulp for exp/log1p/tanh, plus the CPU's erf (absolute error
/// 1.5e-7, times |x|/2 ≤ 3 in GELU).
/// </summary>
[TestFixtureSource(typeof(TestDevices), nameof(TestDevices.KernelBackends))]
public sealed class ActivationExtraConformanceTests(string backend) : DeviceFixture(backend)
{
    private static double Phi(double v) => 0.5 * (1 + MathNet.Numerics.SpecialFunctions.Erf(v / Math.Sqrt(2)));

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var name in new[] { "elu", "softplus", "softplus_beta2", "gelu", "gelu_tanh" })
            foreach (var n in new[] { 1, 7, 1031, 100003 })
                yield return new TestCaseData(name, n).SetName($"{name}(n={n})");
    }

    [TestCaseSource(nameof(Cases))]
    public void ForwardAndBackwardMatchReference(string name, int n)
    {
        var x = Reference.Random(n, n, -6f, 6f);
        if (n > 3) { x[1] = 25f; x[2] = -30f; x[3] = 0f; } // softplus threshold, deep negative tail, the kink
        var dy = Reference.Random(n, n + 1);
        var dx0 = Reference.Random(n, n + 2);
        using var xb = Acc.Allocate<float>(x, "x");
        using var yb = Acc.Allocate<float>(n, "y");
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dxb = Acc.Allocate<float>(dx0, "dx");
        const double alpha = 1.5, k = 0.7978845608028654, c = 0.044715;
        Func<double, double> f, df; // df in terms of x
        switch (name)
        {
            case "elu":
                Activations.Elu(Stream, xb, yb, (float)alpha);
                Activations.EluBackward(Stream, yb, dyb, dxb, (float)alpha);
                f = v => v > 0 ? v : alpha * (Math.Exp(v) - 1);
                df = v => v > 0 ? 1 : alpha * Math.Exp(v);
                break;
            case "softplus":
            case "softplus_beta2":
                double beta = name == "softplus" ? 1 : 2;
                Activations.Softplus(Stream, xb, yb, (float)beta);
                Activations.SoftplusBackward(Stream, xb, dyb, dxb, (float)beta);
                f = v => v * beta > 20 ? v : Math.Log(1 + Math.Exp(beta * v)) / beta;
                df = v => v * beta > 20 ? 1 : 1 / (1 + Math.Exp(-beta * v));
                break;
            case "gelu":
                Activations.Gelu(Stream, xb, yb);
                Activations.GeluBackward(Stream, xb, dyb, dxb);
                f = v => v * Phi(v);
                df = v => Phi(v) + v * Math.Exp(-v * v / 2) / Math.Sqrt(2 * Math.PI);
                break;
            default:
                Activations.Gelu(Stream, xb, yb, GeluApproximation.Tanh);
                Activations.GeluBackward(Stream, xb, dyb, dxb, GeluApproximation.Tanh);
                f = v => 0.5 * v * (1 + Math.Tanh(k * (v + c * v * v * v)));
                df = v =>
                {
                    double t = Math.Tanh(k * (v + c * v * v * v));
                    return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * k * (1 + 3 * c * v * v);
                };
                break;
        }
        var yRef = x.Select(v => f(v)).ToArray();
        var dxRef = x.Select((v, i) => dx0[i] + dy[i] * df(v)).ToArray();
        Reference.AssertClose(yb.ToArray(), yRef, i => 2e-6 + 1e-5 * Math.Abs(yRef[i]), $"{name} forward");
        Reference.AssertClose(dxb.ToArray(), dxRef, i => 2e-6 + 1e-5 * Math.Abs(dxRef[i]), $"{name} backward");
    }

    [Test]
    public void EluRunsInPlaceAndItsBackwardNeedsOnlyTheOutput()
    {
        var x = Reference.Random(257, 3, -4f, 4f);
        var dy = Reference.Random(257, 4);
        using var b = Acc.Allocate<float>(x, "inplace");
        using var dyb = Acc.Allocate<float>(dy, "dy");
        using var dxb = Acc.Allocate<float>(x.Length, "dx");
        dxb.Zero();
        Activations.Elu(Stream, b, b);
        Activations.EluBackward(Stream, b, dyb, dxb);
        var expected = x.Select((v, i) => dy[i] * (v > 0 ? 1 : Math.Exp(v))).ToArray();
        Reference.AssertClose(dxb.ToArray(), expected, i => 2e-6 + 1e-5 * Math.Abs(expected[i]), "ELU backward after in-place forward");
    }
}
