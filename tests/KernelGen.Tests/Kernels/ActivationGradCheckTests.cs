using KernelGen.Kernels;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.Kernels;

/// <summary>Activation backward kernels against central finite differences of double references, on the CPU.</summary>
public sealed class ActivationGradCheckTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData("relu", (Func<double, double>)(v => Math.Max(v, 0)));
        yield return new TestCaseData("leaky", (Func<double, double>)(v => v > 0 ? v : 0.2 * v));
        yield return new TestCaseData("sigmoid", (Func<double, double>)(v => 1 / (1 + Math.Exp(-v))));
        yield return new TestCaseData("tanh", (Func<double, double>)Math.Tanh);
    }

    [TestCaseSource(nameof(Cases))]
    public void BackwardMatchesFiniteDifferences(string name, Func<double, double> f)
    {
        using var acc = TestDevices.Context.GetDevice("cpu").CreateAccelerator();
        // Stay away from the kink at 0, where the one-sided slopes differ.
        var x = Reference.Random(257, 11, -4f, 4f).Select(v => MathF.Abs(v) < 1e-2f ? v + 0.05f : v).ToArray();
        var dy = Reference.Random(257, 12);
        using var xb = acc.Allocate<float>(x, "x");
        using var yb = acc.Allocate<float>(x.Length, "y");
        using var dyb = acc.Allocate<float>(dy, "dy");
        using var dxb = acc.Allocate<float>(x.Length, "dx");
        var s = acc.DefaultStream;
        (KernelDefinition fwd, KernelDefinition bwd, bool slope) = name switch
        {
            "relu" => (ActivationKernels.ReluKernel, ActivationKernels.ReluBackwardKernel, false),
            "leaky" => (ActivationKernels.LeakyReluKernel, ActivationKernels.LeakyReluBackwardKernel, true),
            "sigmoid" => (ActivationKernels.SigmoidKernel, ActivationKernels.SigmoidBackwardKernel, false),
            _ => (ActivationKernels.TanhKernel, ActivationKernels.TanhBackwardKernel, false),
        };
        if (slope)
        {
            s.Launch(fwd, x.Length, xb, yb, 0.2f);
            s.Launch(bwd, x.Length, yb, dyb, dxb, 0.2f);
        }
        else
        {
            s.Launch(fwd, x.Length, xb, yb);
            s.Launch(bwd, x.Length, yb, dyb, dxb);
        }
        var numeric = GradCheck.Numeric(v => v.Select(f).ToArray(), x.Select(v => (double)v).ToArray(), dy.Select(v => (double)v).ToArray());
        GradCheck.AssertMatches(dxb.ToArray(), numeric, name);
    }
}
