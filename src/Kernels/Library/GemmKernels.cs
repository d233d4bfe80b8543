namespace KernelGen.Kernels;

/// <summary>
/// Row-major SGEMM on GPUs: C = alpha·op(A)·op(B) + beta·C, with op(X) = X or Xᵀ. Each group of 16×16
/// threads computes a 64×64 tile of C; each thread a 4×4 register block, reading A and B through
/// group-shared tiles of depth 16. The CPU runs <see cref="GemmCpu"/> instead.
/// </summary>
public static partial class GemmKernels
{
    /// <summary>Rows and columns of C per group.</summary>
    public const int Tile = 64;
    /// <summary>Depth of the shared A and B tiles.</summary>
    public const int TileK = 16;
    /// <summary>Threads per group along X and Y.</summary>
    public const int Threads = 16;
    private const int Block = Tile / Threads;

    /// <summary>
    /// The tiled GEMM. transA/transB are 0 or 1; A is m×k (k×m if transposed) with row stride lda, B is k×n
    /// (n×k if transposed) with row stride ldb, C is m×n with row stride ldc. When beta is 0, C is not read.
    /// Launch with grid (ceil(n/64), ceil(m/64)) and groups of 16×16.
    /// </summary>
    [Kernel(CpuCounterpart = nameof(GemmCpu))]
    public static void Gemm(int transA, int transB, int m, int n, int k, float alpha,
        ArrayView<float> a, int lda, ArrayView<float> b, int ldb, float beta, ArrayView<float> c, int ldc)
    {
        var tileA = SharedMemory.Allocate<float>(TileK * Tile);
        var tileB = SharedMemory.Allocate<float>(TileK * Tile);
        int tx = Group.IdxX;
        int ty = Group.IdxY;
        int tid = ty * Threads + tx;
        int row0 = Grid.IdxY * Tile;
        int col0 = Grid.IdxX * Tile;
        Span<float> acc = stackalloc float[Block * Block];
        Span<float> ra = stackalloc float[Block];
        Span<float> rb = stackalloc float[Block];
        for (int k0 = 0; k0 < k; k0 += TileK)
        {
            for (int l = 0; l < Tile * TileK / (Threads * Threads); l++)
            {
                int e = tid + l * Threads * Threads;
                // A tile element (row r, depth d); consecutive threads walk depth when A is stored m×k.
                int r = transA == 0 ? e / TileK : e % Tile;
                int d = transA == 0 ? e % TileK : e / Tile;
                int gr = row0 + r;
                int gk = k0 + d;
                tileA[d * Tile + r] = gr < m && gk < k ? (transA == 0 ? a[gr * lda + gk] : a[gk * lda + gr]) : 0f;
                int cc = transB == 0 ? e % Tile : e / TileK;
                int db = transB == 0 ? e / Tile : e % TileK;
                int gc = col0 + cc;
                int gkb = k0 + db;
                tileB[db * Tile + cc] = gc < n && gkb < k ? (transB == 0 ? b[gkb * ldb + gc] : b[gc * ldb + gkb]) : 0f;
            }
            Group.Barrier();
            for (int d = 0; d < TileK; d++)
            {
                for (int i = 0; i < Block; i++) ra[i] = tileA[d * Tile + ty + i * Threads];
                for (int j = 0; j < Block; j++) rb[j] = tileB[d * Tile + tx + j * Threads];
                for (int i = 0; i < Block; i++)
                    for (int j = 0; j < Block; j++)
                        acc[i * Block + j] += ra[i] * rb[j];
            }
            Group.Barrier();
        }
        for (int i = 0; i < Block; i++)
        {
            int row = row0 + ty + i * Threads;
            for (int j = 0; j < Block; j++)
            {
                int col = col0 + tx + j * Threads;
                if (row < m && col < n)
                {
                    float v = alpha * acc[i * Block + j];
                    c[row * ldc + col] = beta == 0f ? v : v + beta * c[row * ldc + col];
                }
            }
        }
    }

    /// <summary>CPU counterpart of <see cref="Gemm"/>: the packed, multi-threaded SIMD SGEMM of <see cref="Cpu.CpuGemm"/>.</summary>
    public static void GemmCpu(int transA, int transB, int m, int n, int k, float alpha,
        ArrayView<float> a, int lda, ArrayView<float> b, int ldb, float beta, ArrayView<float> c, int ldc) =>
        Cpu.CpuGemm.Sgemm(transA != 0, transB != 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
