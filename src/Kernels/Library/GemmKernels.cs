namespace KernelGen.Kernels;

/// <summary>
/// Row-major strided-batched SGEMM on GPUs: for each batch item i,
/// C_i = alpha·op(A_i)·op(B_i) + beta·C_i (+ bias[j] on column j), with op(X) = X or Xᵀ and X_i = X + i·strideX.
/// Three variants differ only in their compile-time tile sizes: the specializations Tile32, Tile64 and Tile128
/// of <see cref="Tile{TTile}"/> over <see cref="IGemmTileShape"/>; <see cref="GemmSelector"/> picks one per device and problem. Every variant uses
/// groups of 16×16 threads; A and B pass through group-shared tiles of depth 16 whose rows are padded by
/// <see cref="SharedPad"/>. The batch rides on the grid's Y dimension: group row Y covers batch item
/// Y / ceil(m/Tile) and row tile Y % ceil(m/Tile).
/// Arguments: the <see cref="GemmGeometry"/> g (one struct argument), alpha, a, b, beta, c, bias. In g,
/// transA/transB are 0 or 1; A is m×k (k×m if transposed) with row stride lda, B is k×n
/// (n×k if transposed) with row stride ldb, C is m×n with row stride ldc; strides between batch items are in
/// elements (0 shares an operand); when beta is 0, C is not read; when hasBias is 1, bias[col] is added after
/// the product (bias must then hold n floats; otherwise it is any non-empty view and is not read).
/// The CPU runs <see cref="BatchedCpu"/> instead (GemmKernels.Cpu.cs).
/// </summary>
public static partial class GemmKernels
{
    /// <summary>Threads per group along X and Y (every variant).</summary>
    public const int Threads = 16;

    /// <summary>
    /// Floats added to each shared tile row: with depth 16 and a row length ≡ 2 (mod 32), the 32 depth-major
    /// stores of a warp (16 depths × 2 rows) hit 32 different banks.
    /// </summary>
    public const int SharedPad = 2;

    /// <summary>The epilogue's activation (<see cref="GemmGeometry.Activation"/>): 0 none, 1 ReLU, 2 LeakyReLU.</summary>
    [KernelFunction]
    public static float Activate(float v, int kind, float slope) => kind == 1 ? (v > 0f ? v : 0f) : kind == 2 ? (v > 0f ? v : v * slope) : v;
}
