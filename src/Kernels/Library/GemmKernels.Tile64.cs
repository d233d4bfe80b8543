namespace KernelGen.Kernels;

public static partial class GemmKernels
{
    /// <summary>Rows and columns of C per group in <see cref="Tile64"/>.</summary>
    public const int Tile64Size = 64;
    /// <summary>Depth of the shared A and B tiles in <see cref="Tile64"/>.</summary>
    public const int Tile64Depth = 16;
    private const int Tile64Block = Tile64Size / Threads;
    private const int Tile64Ld = Tile64Size + SharedPad;

    /// <summary>
    /// Strided-batched GEMM with 64×64 tiles of C per group of 16×16 threads, each thread a 4×4 register block
    /// (rows ty + 16·i, columns tx + 16·j). Arguments as in <see cref="GemmKernels"/>; launch with grid
    /// (ceil(n/64), batch·ceil(m/64)) and groups of 16×16.
    /// </summary>
    [Kernel(CpuCounterpart = nameof(Tile64Cpu))]
    public static void Tile64(int transA, int transB, int m, int n, int k, float alpha,
        ArrayView<float> a, int lda, int strideA, ArrayView<float> b, int ldb, int strideB, float beta,
        ArrayView<float> c, int ldc, int strideC, int batch, ArrayView<float> bias, int hasBias)
    {
        var tileA = SharedMemory.Allocate<float>(Tile64Depth * Tile64Ld);
        var tileB = SharedMemory.Allocate<float>(Tile64Depth * Tile64Ld);
        int tx = Group.IdxX;
        int ty = Group.IdxY;
        int tid = ty * Threads + tx;
        int rowTiles = (m + Tile64Size - 1) / Tile64Size;
        int item = Grid.IdxY / rowTiles;
        if (item >= batch) return;
        int row0 = (Grid.IdxY - item * rowTiles) * Tile64Size;
        int col0 = Grid.IdxX * Tile64Size;
        int offA = item * strideA;
        int offB = item * strideB;
        int offC = item * strideC;
        Span<float> acc = stackalloc float[Tile64Block * Tile64Block];
        Span<float> ra = stackalloc float[Tile64Block];
        Span<float> rb = stackalloc float[Tile64Block];
        for (int k0 = 0; k0 < k; k0 += Tile64Depth)
        {
            for (int l = 0; l < Tile64Size * Tile64Depth / (Threads * Threads); l++)
            {
                int e = tid + l * Threads * Threads;
                // Consecutive threads read consecutive addresses of the stored operand (coalesced); the padded
                // row length Tile + 2 spreads the depth-major stores of a warp over all 32 banks.
                int r = transA == 0 ? e / Tile64Depth : e % Tile64Size;
                int d = transA == 0 ? e % Tile64Depth : e / Tile64Size;
                int gr = row0 + r;
                int gk = k0 + d;
                tileA[d * Tile64Ld + r] = gr < m && gk < k ? (transA == 0 ? a[offA + gr * lda + gk] : a[offA + gk * lda + gr]) : 0f;
                int cc = transB == 0 ? e % Tile64Size : e / Tile64Depth;
                int db = transB == 0 ? e / Tile64Size : e % Tile64Depth;
                int gc = col0 + cc;
                int gkb = k0 + db;
                tileB[db * Tile64Ld + cc] = gc < n && gkb < k ? (transB == 0 ? b[offB + gkb * ldb + gc] : b[offB + gc * ldb + gkb]) : 0f;
            }
            Group.Barrier();
            for (int d = 0; d < Tile64Depth; d++)
            {
                for (int i = 0; i < Tile64Block; i++) ra[i] = tileA[d * Tile64Ld + ty + i * Threads];
                for (int j = 0; j < Tile64Block; j++) rb[j] = tileB[d * Tile64Ld + tx + j * Threads];
                for (int i = 0; i < Tile64Block; i++)
                    for (int j = 0; j < Tile64Block; j++)
                        acc[i * Tile64Block + j] = MathF.FusedMultiplyAdd(ra[i], rb[j], acc[i * Tile64Block + j]);
            }
            Group.Barrier();
        }
        for (int i = 0; i < Tile64Block; i++)
        {
            int row = row0 + ty + i * Threads;
            if (row < m)
            {
                for (int j = 0; j < Tile64Block; j++)
                {
                    int col = col0 + tx + j * Threads;
                    if (col < n)
                    {
                        int ci = offC + row * ldc + col;
                        float v = alpha * acc[i * Tile64Block + j];
                        if (beta != 0f) v += beta * c[ci];
                        if (hasBias != 0) v += bias[col];
                        c[ci] = v;
                    }
                }
            }
        }
    }
}
