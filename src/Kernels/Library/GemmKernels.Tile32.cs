namespace KernelGen.Kernels;

public static partial class GemmKernels
{
    /// <summary>Rows and columns of C per group in <see cref="Tile32"/>.</summary>
    public const int Tile32Size = 32;
    /// <summary>Depth of the shared A and B tiles in <see cref="Tile32"/>.</summary>
    public const int Tile32Depth = 16;
    private const int Tile32Block = Tile32Size / Threads;
    private const int Tile32Ld = Tile32Size + SharedPad;

    /// <summary>
    /// Strided-batched GEMM with 32×32 tiles of C per group of 16×16 threads, each thread a 2×2 register block
    /// (rows ty + 16·i, columns tx + 16·j). Arguments as in <see cref="GemmKernels"/>; launch with grid
    /// (ceil(n/32), batch·ceil(m/32)) and groups of 16×16.
    /// </summary>
    [Kernel(CpuCounterpart = nameof(Tile32Cpu))]
    public static void Tile32(int transA, int transB, int m, int n, int k, float alpha,
        ArrayView<float> a, int lda, int strideA, ArrayView<float> b, int ldb, int strideB, float beta,
        ArrayView<float> c, int ldc, int strideC, int batch, ArrayView<float> bias, int hasBias)
    {
        var tileA = SharedMemory.Allocate<float>(Tile32Depth * Tile32Ld);
        var tileB = SharedMemory.Allocate<float>(Tile32Depth * Tile32Ld);
        int tx = Group.IdxX;
        int ty = Group.IdxY;
        int tid = ty * Threads + tx;
        int rowTiles = (m + Tile32Size - 1) / Tile32Size;
        int item = Grid.IdxY / rowTiles;
        if (item >= batch) return;
        int row0 = (Grid.IdxY - item * rowTiles) * Tile32Size;
        int col0 = Grid.IdxX * Tile32Size;
        int offA = item * strideA;
        int offB = item * strideB;
        int offC = item * strideC;
        Span<float> acc = stackalloc float[Tile32Block * Tile32Block];
        Span<float> ra = stackalloc float[Tile32Block];
        Span<float> rb = stackalloc float[Tile32Block];
        for (int k0 = 0; k0 < k; k0 += Tile32Depth)
        {
            for (int l = 0; l < Tile32Size * Tile32Depth / (Threads * Threads); l++)
            {
                int e = tid + l * Threads * Threads;
                // Consecutive threads read consecutive addresses of the stored operand (coalesced); the padded
                // row length Tile + 2 spreads the depth-major stores of a warp over all 32 banks.
                int r = transA == 0 ? e / Tile32Depth : e % Tile32Size;
                int d = transA == 0 ? e % Tile32Depth : e / Tile32Size;
                int gr = row0 + r;
                int gk = k0 + d;
                tileA[d * Tile32Ld + r] = gr < m && gk < k ? (transA == 0 ? a[offA + gr * lda + gk] : a[offA + gk * lda + gr]) : 0f;
                int cc = transB == 0 ? e % Tile32Size : e / Tile32Depth;
                int db = transB == 0 ? e / Tile32Size : e % Tile32Depth;
                int gc = col0 + cc;
                int gkb = k0 + db;
                tileB[db * Tile32Ld + cc] = gc < n && gkb < k ? (transB == 0 ? b[offB + gkb * ldb + gc] : b[offB + gc * ldb + gkb]) : 0f;
            }
            Group.Barrier();
            for (int d = 0; d < Tile32Depth; d++)
            {
                for (int i = 0; i < Tile32Block; i++) ra[i] = tileA[d * Tile32Ld + ty + i * Threads];
                for (int j = 0; j < Tile32Block; j++) rb[j] = tileB[d * Tile32Ld + tx + j * Threads];
                for (int i = 0; i < Tile32Block; i++)
                    for (int j = 0; j < Tile32Block; j++)
                        acc[i * Tile32Block + j] = MathF.FusedMultiplyAdd(ra[i], rb[j], acc[i * Tile32Block + j]);
            }
            Group.Barrier();
        }
        for (int i = 0; i < Tile32Block; i++)
        {
            int row = row0 + ty + i * Threads;
            if (row < m)
            {
                for (int j = 0; j < Tile32Block; j++)
                {
                    int col = col0 + tx + j * Threads;
                    if (col < n)
                    {
                        int ci = offC + row * ldc + col;
                        float v = alpha * acc[i * Tile32Block + j];
                        if (beta != 0f) v += beta * c[ci];
                        if (hasBias != 0) v += bias[col];
                        c[ci] = v;
                    }
                }
            }
        }
    }
}
