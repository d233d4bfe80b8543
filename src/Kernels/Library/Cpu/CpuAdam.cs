using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// Adam/AdamW on the CPU: <see cref="OptimizerKernels.Adam"/>'s update evaluated with <see cref="Vector{T}"/>
/// lanes. Every operation is the kernel's, in its order and without contraction into FMAs, so each element gets
/// the same bits as the scalar kernel (square root and division are correctly rounded in both).
/// </summary>
internal static class CpuAdam
{
    public static void Step(int n, ArrayView<float> p, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v,
        ArrayView<int> state, float beta1, float beta2, float eps, float weightDecay, bool decoupled)
    {
        var body = new Body
        {
            P = p, G = g, M = m, V = v, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay,
            Decoupled = decoupled, StepSize = BitConverter.Int32BitsToSingle(state[1]),
            InvRootBc2 = BitConverter.Int32BitsToSingle(state[2]), Rate = BitConverter.Int32BitsToSingle(state[3]),
        };
        CpuThreadPool.Shared.For(n, body, CpuLaunch.Grain);
    }

    private struct Body : ICpuRangeBody
    {
        public ArrayView<float> P, G, M, V;
        public float Beta1, Beta2, Eps, WeightDecay, StepSize, InvRootBc2, Rate;
        public bool Decoupled;

        public readonly void Run(int start, int end)
        {
            var p = P.AsSpan()[start..end];
            var g = G.AsSpan()[start..end];
            var m = M.AsSpan()[start..end];
            var v = V.AsSpan()[start..end];
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var vp = MemoryMarshal.Cast<float, Vector<float>>(p);
                var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
                var vm = MemoryMarshal.Cast<float, Vector<float>>(m);
                var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
                for (int k = 0; k < vp.Length; k++)
                {
                    var (np, nm, nv) = Update(vp[k], vg[k], vm[k], vv[k]);
                    vp[k] = np; vm[k] = nm; vv[k] = nv;
                }
                i = vp.Length * Vector<float>.Count;
            }
            for (; i < p.Length; i++)
            {
                var (np, nm, nv) = Update(new Vector<float>(p[i]), new Vector<float>(g[i]), new Vector<float>(m[i]), new Vector<float>(v[i]));
                p[i] = np[0]; m[i] = nm[0]; v[i] = nv[0];
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly (Vector<float> P, Vector<float> M, Vector<float> V) Update(Vector<float> p, Vector<float> g, Vector<float> m, Vector<float> v)
        {
            if (Decoupled) p *= 1f - Rate * WeightDecay;
            else g += WeightDecay * p;
            m = Beta1 * m + (1f - Beta1) * g;
            v = Beta2 * v + (1f - Beta2) * g * g;
            p -= StepSize * m / (Vector.SquareRoot(v) * InvRootBc2 + new Vector<float>(Eps));
            return (p, m, v);
        }
    }
}
