using KernelGen.Kernels;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// The CPU runs Adam through a SIMD counterpart; it must give the scalar kernel's bits for every element, the
/// vector body and the tail alike, for Adam and AdamW.
/// </summary>
public sealed class CpuAdamTests
{
    [TestCase(false, 1)]
    [TestCase(false, 100_003)]
    [TestCase(true, 37)]
    [TestCase(true, 100_003)]
    public void TheCounterpartMatchesTheScalarKernelBitForBit(bool decoupled, int n)
    {
        var rng = new Random(n);
        float[] Random(float scale) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale).ToArray();
        float[] p = Random(1f), g = Random(0.1f), m = Random(0.01f), v = Random(0.001f).Select(MathF.Abs).ToArray();
        using var context = Context.Create();
        using var acc = context.GetDevice("cpu").CreateAccelerator();
        using var pb = acc.Allocate<float>(p); using var gb = acc.Allocate<float>(g);
        using var mb = acc.Allocate<float>(m); using var vb = acc.Allocate<float>(v);
        using var state = acc.Allocate<int>(OptimizerSteps.AdamStateLength);
        state.Zero();
        for (int step = 0; step < 3; step++)
        {
            if (decoupled) OptimizerSteps.AdamW(acc.DefaultStream, pb.View, gb.View, mb.View, vb.View, state.View, lr: 1e-2f, weightDecay: 0.1f);
            else OptimizerSteps.Adam(acc.DefaultStream, pb.View, gb.View, mb.View, vb.View, state.View, lr: 1e-2f, weightDecay: 0.05f);
            var s = state.ToArray();
            float stepSize = BitConverter.Int32BitsToSingle(s[1]), invRoot = BitConverter.Int32BitsToSingle(s[2]), rate = BitConverter.Int32BitsToSingle(s[3]);
            float wd = decoupled ? 0.1f : 0.05f;
            for (int i = 0; i < n; i++) Scalar(ref p[i], ref g[i], ref m[i], ref v[i], stepSize, invRoot, rate, wd, decoupled);
            AssertBits(pb.ToArray(), p, "parameters", step);
            AssertBits(mb.ToArray(), m, "first moments", step);
            AssertBits(vb.ToArray(), v, "second moments", step);
        }
    }

    /// <summary><see cref="OptimizerKernels.Adam"/>'s body, element by element (the kernel's C#, run on the host).</summary>
    private static void Scalar(ref float p, ref float g, ref float m, ref float v, float stepSize, float invRootBc2, float rate, float wd, bool decoupled)
    {
        float pv = p, gv = g;
        if (decoupled) pv = pv * (1f - rate * wd);
        else gv = gv + wd * pv;
        float mv = 0.9f * m + (1f - 0.9f) * gv;
        float vv = 0.999f * v + (1f - 0.999f) * gv * gv;
        m = mv;
        v = vv;
        p = pv - stepSize * mv / (MathF.Sqrt(vv) * invRootBc2 + 1e-8f);
    }

    private static void AssertBits(float[] actual, float[] expected, string what, int step)
    {
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
                Assert.Fail($"step {step + 1}: {what}[{i}] = {actual[i]:R}, the scalar kernel gives {expected[i]:R}");
    }
}
