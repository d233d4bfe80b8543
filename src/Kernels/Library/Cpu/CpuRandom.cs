using System.Numerics.Tensors;
using KernelGen.Runtime.Cpu;

namespace KernelGen.Kernels.Cpu;

/// <summary>
/// The Philox normal draws on the CPU pool: each block's four words computed once for its two normals (the kernel
/// computes the block once per word), then Box–Muller's logarithm, square root and cosine in SIMD through
/// TensorPrimitives (within an ulp or two of MathF's). The stream is the kernels': element i uses words 2·(i mod 2)
/// and 2·(i mod 2) + 1 of block counter + offset + i/2.
/// </summary>
internal static class CpuRandom
{
    private const int Block = 512;
    private const float TwoPi = 6.283185307179586f;

    /// <summary>y = mean + std·Z for the first <paramref name="n"/> elements.</summary>
    public static void Normal(int n, ArrayView<float> y, uint firstBlock, uint seedLo, uint seedHi, float mean, float std) =>
        CpuThreadPool.Shared.For(n, new Body { Out = y, FirstBlock = firstBlock, SeedLo = seedLo, SeedHi = seedHi, Mean = mean, Std = std },
            CpuLaunch.Grain);

    /// <summary>eps = Z and z = μ + e^(logvar/2)·Z for the first <paramref name="n"/> elements.</summary>
    public static void Reparameterize(int n, ArrayView<float> mu, ArrayView<float> logvar, ArrayView<float> eps, ArrayView<float> z,
        uint firstBlock, uint seedLo, uint seedHi) =>
        CpuThreadPool.Shared.For(n, new Body
        {
            Out = eps, Mu = mu, LogVar = logvar, Z = z, Reparameterized = true, FirstBlock = firstBlock, SeedLo = seedLo, SeedHi = seedHi,
            Std = 1f,
        }, CpuLaunch.Grain);

    private struct Body : ICpuRangeBody
    {
        public ArrayView<float> Out, Mu, LogVar, Z;
        public bool Reparameterized;
        public uint FirstBlock, SeedLo, SeedHi;
        public float Mean, Std;

        public readonly void Run(int start, int end)
        {
            Span<float> u1 = stackalloc float[Block], u2 = stackalloc float[Block];
            for (int s = start; s < end; s += Block)
            {
                int count = Math.Min(Block, end - s);
                Uniforms(s, u1[..count], u2[..count]);
                var a = u1[..count];
                var b = u2[..count];
                TensorPrimitives.Log(a, a);
                TensorPrimitives.Multiply(a, -2f, a);
                TensorPrimitives.Sqrt(a, a);
                TensorPrimitives.Multiply(b, TwoPi, b);
                TensorPrimitives.Cos(b, b);
                var output = Out.AsSpan().Slice(s, count);
                TensorPrimitives.Multiply(a, b, output); // the standard normals
                if (!Reparameterized)
                {
                    if (Std != 1f) TensorPrimitives.Multiply(output, Std, output);
                    if (Mean != 0f) TensorPrimitives.Add(output, Mean, output);
                    continue;
                }
                TensorPrimitives.Multiply(LogVar.AsSpan().Slice(s, count), 0.5f, a);
                TensorPrimitives.Exp(a, a);
                TensorPrimitives.Multiply(a, output, a);
                TensorPrimitives.Add(Mu.AsSpan().Slice(s, count), a, Z.AsSpan().Slice(s, count));
            }
        }

        /// <summary>The open-unit and unit uniforms of elements [first, first + count).</summary>
        private readonly void Uniforms(int first, Span<float> u1, Span<float> u2)
        {
            uint c0 = 0, c1 = 0, c2 = 0, c3 = 0;
            bool have = false;
            uint cached = 0;
            for (int k = 0; k < u1.Length; k++)
            {
                int i = first + k;
                uint block = FirstBlock + (uint)(i >> 1);
                if (!have || block != cached)
                {
                    (c0, c1, c2, c3) = (block, 0u, 0u, 0u);
                    RandomKernels.Philox(ref c0, ref c1, ref c2, ref c3, SeedLo, SeedHi);
                    (cached, have) = (block, true);
                }
                bool odd = (i & 1) != 0;
                u1[k] = RandomKernels.ToOpenUnit(odd ? c2 : c0);
                u2[k] = RandomKernels.ToUnit(odd ? c3 : c1);
            }
        }
    }
}
