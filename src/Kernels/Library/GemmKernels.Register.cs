namespace KernelGen.Kernels;

public static partial class GemmKernels
{
    /// <summary>Rows of C per thread of <see cref="Register"/>.</summary>
    public const int RegisterRows = 8;

    /// <summary>Columns of C per thread of <see cref="Register"/>: one AVX-512 vector of floats.</summary>
    public const int RegisterCols = 16;

    /// <summary>
    /// Strided-batched GEMM for OpenCL on CPUs (PoCL): each thread computes a RegisterRows×RegisterCols block of C
    /// straight from global memory (the caches do what shared tiles do on a GPU), with no shared memory and no
    /// barrier. PoCL runs a group's work-items one after another, so a kernel with barriers keeps every thread's
    /// accumulators in memory across them; here the block's loops have constant trip counts, which the compiler
    /// unrolls into registers and vectorises along the block's 16 columns (contiguous in B unless B is transposed).
    /// Measured on PoCL 3.1 (2-core Zen 4) at 25–45 GFLOP/s against 3–15 for the shared-tile variants.
    /// Arguments as in <see cref="GemmKernels"/>; launch with grid (ceil(n/(16·gx)), batch·ceil(m/(8·gy))) for
    /// groups of gx×gy threads (<see cref="GemmVariant.Register"/>).
    /// </summary>
    [Kernel(CpuCounterpart = "BatchedCpu")]
    public static void Register(GemmGeometry g, float alpha, ArrayView<float> a, ArrayView<float> b, float beta,
        ArrayView<float> c, ArrayView<float> bias)
    {
        int rowBlocks = (g.M + RegisterRows - 1) / RegisterRows;
        int blockRow = Grid.IdxY * Group.DimY + Group.IdxY;
        int item = blockRow / rowBlocks;
        int col0 = (Grid.IdxX * Group.DimX + Group.IdxX) * RegisterCols;
        if (item >= g.Batch || col0 >= g.N) return;
        int row0 = (blockRow - item * rowBlocks) * RegisterRows;
        // The last column block of a row is shifted left to end at column n, so that it too takes the contiguous
        // path (a convolution's 7×7 = 49 columns would otherwise leave a quarter of the threads on the slow one);
        // it stores only the columns no other block does.
        int firstStored = col0;
        if (col0 + RegisterCols > g.N && g.N >= RegisterCols) col0 = g.N - RegisterCols;
        int rowStrideA = g.TransA == 0 ? g.Lda : 1;
        int depthStrideA = g.TransA == 0 ? 1 : g.Lda;
        int depthStrideB = g.TransB == 0 ? g.Ldb : 1;
        int colStrideB = g.TransB == 0 ? 1 : g.Ldb;
        var acc = LocalMemory.Allocate<float>(RegisterRows * RegisterCols);
        var rb = LocalMemory.Allocate<float>(RegisterCols);
        var rowAt = LocalMemory.Allocate<int>(RegisterRows);
        var colAt = LocalMemory.Allocate<int>(RegisterCols);
        // Rows and columns past the edge read the last valid one (their results are never stored), so the product
        // loop has no bounds test.
        for (int i = 0; i < RegisterRows; i++) rowAt[i] = item * g.StrideA + Math.Min(row0 + i, g.M - 1) * rowStrideA;
        for (int j = 0; j < RegisterCols; j++) colAt[j] = item * g.StrideB + Math.Min(col0 + j, g.N - 1) * colStrideB;
        for (int e = 0; e < RegisterRows * RegisterCols; e++) acc[e] = 0f;
        int reduce = g.Reduce > 1 ? g.Reduce : 1;
        for (int r = 0; r < reduce; r++)
        {
            // A batch-reduced launch (Reduce > 1, one item of C) adds the products of items r = 0 … Reduce − 1.
            int offA = r * g.StrideA, offB = r * g.StrideB;
            if (colStrideB == 1 && col0 + RegisterCols <= g.N)
            {
                for (int k = 0; k < g.K; k++)
                {
                    int atB = offB + colAt[0] + k * depthStrideB;
                    for (int j = 0; j < RegisterCols; j++) rb[j] = b[atB + j];
                    for (int i = 0; i < RegisterRows; i++)
                    {
                        float av = a[offA + rowAt[i] + k * depthStrideA];
                        for (int j = 0; j < RegisterCols; j++)
                            acc[i * RegisterCols + j] = KernelMath.Fma(av, rb[j], acc[i * RegisterCols + j]);
                    }
                }
            }
            else
            {
                for (int k = 0; k < g.K; k++)
                {
                    for (int j = 0; j < RegisterCols; j++) rb[j] = b[offB + colAt[j] + k * depthStrideB];
                    for (int i = 0; i < RegisterRows; i++)
                    {
                        float av = a[offA + rowAt[i] + k * depthStrideA];
                        for (int j = 0; j < RegisterCols; j++)
                            acc[i * RegisterCols + j] = KernelMath.Fma(av, rb[j], acc[i * RegisterCols + j]);
                    }
                }
            }
        }
        // With BiasUse 3 the first column block also sums its rows of op(A): one thread per row, as in Tile.
        if (g.BiasUse == 3 && firstStored == 0)
        {
            for (int i = 0; i < RegisterRows; i++)
            {
                if (row0 + i < g.M)
                {
                    float sum = 0f;
                    for (int k = 0; k < g.K; k++) sum += a[rowAt[i] + k * depthStrideA];
                    bias[row0 + i] += alpha * sum;
                }
            }
        }
        for (int i = 0; i < RegisterRows; i++)
        {
            int row = row0 + i;
            if (row < g.M)
            {
                for (int j = 0; j < RegisterCols; j++)
                {
                    int col = col0 + j;
                    if (col >= firstStored && col < g.N)
                    {
                        int ci = item * g.StrideC + row * g.Ldc + col;
                        float v = alpha * acc[i * RegisterCols + j];
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
