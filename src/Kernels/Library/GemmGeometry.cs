namespace KernelGen.Kernels;

/// <summary>
/// The shape of one strided-batched GEMM launch, passed to <see cref="GemmKernels.Tile{TTile}"/> as one struct
/// argument instead of 13 scalars (see <see cref="GemmKernels"/> for the meaning of each).
/// </summary>
public readonly struct GemmGeometry
{
    /// <summary>1 when A is stored transposed (k×m), else 0.</summary>
    public int TransA { get; init; }
    /// <summary>1 when B is stored transposed (n×k), else 0.</summary>
    public int TransB { get; init; }
    /// <summary>Rows of C.</summary>
    public int M { get; init; }
    /// <summary>Columns of C.</summary>
    public int N { get; init; }
    /// <summary>The inner dimension.</summary>
    public int K { get; init; }
    /// <summary>Row stride of A.</summary>
    public int Lda { get; init; }
    /// <summary>Elements between batch items of A (0 shares A).</summary>
    public int StrideA { get; init; }
    /// <summary>Row stride of B.</summary>
    public int Ldb { get; init; }
    /// <summary>Elements between batch items of B (0 shares B).</summary>
    public int StrideB { get; init; }
    /// <summary>Row stride of C.</summary>
    public int Ldc { get; init; }
    /// <summary>Elements between batch items of C.</summary>
    public int StrideC { get; init; }
    /// <summary>Batch items in this launch.</summary>
    public int Batch { get; init; }
    /// <summary>
    /// What the bias argument is: 0 nothing; 1 bias[col] added to column col; 2 bias[row] added to row row (a
    /// convolution's channel); 3 row sums it receives, bias[row] += alpha·Σₖ op(A)[row, k] (single-item launches only):
    /// the bias gradient of the Linear layer whose weight gradient dYᵀ·X this product is, in the same launch.
    /// </summary>
    public int BiasUse { get; init; }
    /// <summary>The epilogue's activation after the bias (<see cref="GemmActivation.Kind"/>): 0 none, 1 ReLU, 2 LeakyReLU.</summary>
    public int Activation { get; init; }
    /// <summary>LeakyReLU's slope when <see cref="Activation"/> is 2.</summary>
    public float Slope { get; init; }
    /// <summary>
    /// Above 1, the number of A and B items whose products are summed into the one item of C (batch-reduced GEMM:
    /// C = alpha·Σᵣ op(Aᵣ)·op(Bᵣ) + beta·C, with <see cref="Batch"/> 1): a convolution's weight gradient over a block of
    /// images in one launch, without per-image partials.
    /// </summary>
    public int Reduce { get; init; }
}
