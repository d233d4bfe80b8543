namespace KernelGen.Kernels;

public static partial class GemmKernels
{
    /// <summary>Rows and columns of C per group in <see cref="Tile128"/>.</summary>
    public const int Tile128Size = 128;
    /// <summary>Depth of the shared A and B tiles in <see cref="Tile128"/>.</summary>
    public const int Tile128Depth = 16;
    private const int Tile128Block = Tile128Size / Threads;
    private const int Tile128Ld = Tile128Size + SharedPad;

    /// <summary>
    /// Strided-batched GEMM with 128×128 tiles of C per group of 16×16 threads, each thread a 8×8 register block
    /// (rows ty + 16·i, columns tx + 16·j). Arguments as in <see cref="GemmKernels"/>; launch with grid
    /// (ceil(n/128), batch·ceil(m/128)) and groups of 16×16.
    /// </summary>
    [Kernel(CpuCounterpart = nameof(Tile128Cpu))]
    public static void Tile128(int transA, int transB, int m, int n, int k, float alpha,
        ArrayView<float> a, int lda, int strideA, ArrayView<float> b, int ldb, int strideB, float beta,
        ArrayView<float> c, int ldc, int strideC, int batch, ArrayView<float> bias, int hasBias)
    {
        var tileA = SharedMemory.Allocate<float>(Tile128Depth * Tile128Ld);
        var tileB = SharedMemory.Allocate<float>(Tile128Depth * Tile128Ld);
        int tx = Group.IdxX;
        int ty = Group.IdxY;
        int tid = ty * Threads + tx;
        int rowTiles = (m + Tile128Size - 1) / Tile128Size;
        int item = Grid.IdxY / rowTiles;
        if (item >= batch) return;
        int row0 = (Grid.IdxY - item * rowTiles) * Tile128Size;
        int col0 = Grid.IdxX * Tile128Size;
        int offA = item * strideA;
        int offB = item * strideB;
        int offC = item * strideC;
        Span<float> acc = stackalloc float[Tile128Block * Tile128Block];
        Span<float> ra = stackalloc float[Tile128Block];
        Span<float> rb = stackalloc float[Tile128Block];
        for (int k0 = 0; k0 < k; k0 += Tile128Depth)
        {
            for (int l = 0; l < Tile128Size * Tile128Depth / (Threads * Threads); l++)
            {
                int e = tid + l * Threads * Threads;
                // Consecutive threads read consecutive addresses of the stored operand (coalesced); the padded
                // row length Tile + 2 spreads the depth-major stores of a warp over all 32 banks.
                int r = transA == 0 ? e / Tile128Depth : e % Tile128Size;
                int d = transA == 0 ? e % Tile128Depth : e / Tile128Size;
                int gr = row0 + r;
                int gk = k0 + d;
                tileA[d * Tile128Ld + r] = gr < m && gk < k ? (transA == 0 ? a[offA + gr * lda + gk] : a[offA + gk * lda + gr]) : 0f;
                int cc = transB == 0 ? e % Tile128Size : e / Tile128Depth;
                int db = transB == 0 ? e / Tile128Size : e % Tile128Depth;
                int gc = col0 + cc;
                int gkb = k0 + db;
                tileB[db * Tile128Ld + cc] = gc < n && gkb < k ? (transB == 0 ? b[offB + gkb * ldb + gc] : b[offB + gc * ldb + gkb]) : 0f;
            }
            Group.Barrier();
            for (int d = 0; d < Tile128Depth; d++)
            {
                for (int i = 0; i < Tile128Block; i++) ra[i] = tileA[d * Tile128Ld + ty + i * Threads];
                for (int j = 0; j < Tile128Block; j++) rb[j] = tileB[d * Tile128Ld + tx + j * Threads];
                for (int i = 0; i < Tile128Block; i++)
                    for (int j = 0; j < Tile128Block; j++)
                        acc[i * Tile128Block + j] = MathF.FusedMultiplyAdd(ra[i], rb[j], acc[i * Tile128Block + j]);
            }
            Group.Barrier();
        }
        for (int i = 0; i < Tile128Block; i++)
        {
            int row = row0 + ty + i * Threads;
            if (row < m)
            {
                for (int j = 0; j < Tile128Block; j++)
                {
                    int col = col0 + tx + j * Threads;
                    if (col < n)
                    {
                        int ci = offC + row * ldc + col;
                        float v = alpha * acc[i * Tile128Block + j];
                        if (beta != 0f) v += beta * c[ci];
                        if (hasBias != 0) v += bias[col];
                        c[ci] = v;
                    }
                }
            }
        }
    }
}
