namespace KernelGen.Kernels;

public static partial class GemmKernels
{
    /// <summary>
    /// Strided-batched GEMM with Size×Size tiles of C per group of 16×16 threads, each thread a Block×Block register
    /// block (rows ty + 16·i, columns tx + 16·j); <typeparamref name="TTile"/> fixes the sizes at compile time and
    /// each [Specialize] is one variant (<see cref="GemmVariant"/>). Arguments as in <see cref="GemmKernels"/>;
    /// launch with grid (ceil(n/Size), batch·ceil(m/Size)) and groups of 16×16.
    /// </summary>
    [Kernel(CpuCounterpart = "BatchedCpu")]
    [Specialize(typeof(Tile32Shape), "Tile32")]
    [Specialize(typeof(Tile64Shape), "Tile64")]
    [Specialize(typeof(Tile128Shape), "Tile128")]
    public static void Tile<TTile>(GemmGeometry g, float alpha, ArrayView<float> a, ArrayView<float> b, float beta,
        ArrayView<float> c, ArrayView<float> bias)
        where TTile : struct, IGemmTileShape
    {
        var tileA = SharedMemory.Allocate<float>(default(TTile).Depth * default(TTile).Ld);
        var tileB = SharedMemory.Allocate<float>(default(TTile).Depth * default(TTile).Ld);
        int tx = Group.IdxX;
        int ty = Group.IdxY;
        int tid = ty * Threads + tx;
        int rowTiles = (g.M + default(TTile).Size - 1) / default(TTile).Size;
        int item = Grid.IdxY / rowTiles;
        if (item >= g.Batch) return;
        int row0 = (Grid.IdxY - item * rowTiles) * default(TTile).Size;
        int col0 = Grid.IdxX * default(TTile).Size;
        int offC = item * g.StrideC;
        int reduce = g.Reduce > 1 ? g.Reduce : 1;
        var acc = LocalMemory.Allocate<float>(default(TTile).Block * default(TTile).Block);
        var ra = LocalMemory.Allocate<float>(default(TTile).Block);
        var rb = LocalMemory.Allocate<float>(default(TTile).Block);
        // With BiasUse 3, the first thread column of the first column tile also sums its rows of op(A), which pass
        // through its registers anyway: one thread per row, so nothing else writes that row's sum.
        var rowSum = LocalMemory.Allocate<float>(default(TTile).Block);
        bool sumRows = g.BiasUse == 3 && Grid.IdxX == 0 && tx == 0;
        // A batch-reduced launch (Reduce > 1, one item of C) runs the depth tiles of items 0 … Reduce − 1 in turn.
        int depthTiles = (g.K + default(TTile).Depth - 1) / default(TTile).Depth;
        for (int step = 0; step < reduce * depthTiles; step++)
        {
            int part = step / depthTiles;
            int k0 = (step - part * depthTiles) * default(TTile).Depth;
            int offA = (item + part) * g.StrideA;
            int offB = (item + part) * g.StrideB;
            for (int l = 0; l < default(TTile).Size * default(TTile).Depth / (Threads * Threads); l++)
            {
                int e = tid + l * Threads * Threads;
                // Consecutive threads read consecutive addresses of the stored operand (coalesced); the padded
                // row length Tile + 2 spreads the depth-major stores of a warp over all 32 banks.
                int r = g.TransA == 0 ? e / default(TTile).Depth : e % default(TTile).Size;
                int d = g.TransA == 0 ? e % default(TTile).Depth : e / default(TTile).Size;
                int gr = row0 + r;
                int gk = k0 + d;
                tileA[d * default(TTile).Ld + r] = gr < g.M && gk < g.K ? (g.TransA == 0 ? a[offA + gr * g.Lda + gk] : a[offA + gk * g.Lda + gr]) : 0f;
                int cc = g.TransB == 0 ? e % default(TTile).Size : e / default(TTile).Depth;
                int db = g.TransB == 0 ? e / default(TTile).Size : e % default(TTile).Depth;
                int gc = col0 + cc;
                int gkb = k0 + db;
                tileB[db * default(TTile).Ld + cc] = gc < g.N && gkb < g.K ? (g.TransB == 0 ? b[offB + gkb * g.Ldb + gc] : b[offB + gc * g.Ldb + gkb]) : 0f;
            }
            Group.Barrier();
            for (int d = 0; d < default(TTile).Depth; d++)
            {
                for (int i = 0; i < default(TTile).Block; i++) ra[i] = tileA[d * default(TTile).Ld + ty + i * Threads];
                if (sumRows)
                    for (int i = 0; i < default(TTile).Block; i++) rowSum[i] += ra[i];
                for (int j = 0; j < default(TTile).Block; j++) rb[j] = tileB[d * default(TTile).Ld + tx + j * Threads];
                for (int i = 0; i < default(TTile).Block; i++)
                    for (int j = 0; j < default(TTile).Block; j++)
                        acc[i * default(TTile).Block + j] = KernelMath.Fma(ra[i], rb[j], acc[i * default(TTile).Block + j]);
            }
            Group.Barrier();
        }
        for (int i = 0; i < default(TTile).Block; i++)
        {
            int row = row0 + ty + i * Threads;
            if (sumRows && row < g.M) bias[row] += alpha * rowSum[i];
            if (row < g.M)
            {
                for (int j = 0; j < default(TTile).Block; j++)
                {
                    int col = col0 + tx + j * Threads;
                    if (col < g.N)
                    {
                        int ci = offC + row * g.Ldc + col;
                        float v = alpha * acc[i * default(TTile).Block + j];
                        if (beta != 0f) v += beta * c[ci];
                        if (g.BiasUse == 1) v += bias[col];
                        else if (g.BiasUse == 2) v += bias[row];
                        c[ci] = Activate(v, g.Activation, g.Slope);
                    }
                }
            }
        }
    }
}
