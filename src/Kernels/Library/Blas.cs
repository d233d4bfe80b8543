namespace KernelGen.Kernels;

/// <summary>
/// Host-side GEMM entry points: check shapes, strides and view sizes, pick a variant (<see cref="GemmSelector"/>),
/// then launch the GEMM kernel of <see cref="GemmKernels"/>. Nothing is allocated (except the one-time search
/// when <see cref="GemmTuner.SearchOnFirstUse"/> is on).
/// </summary>
public static class Blas
{
    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C (row-major). A is m×k (k×m when <paramref name="transA"/>), B is k×n
    /// (n×k when <paramref name="transB"/>), C is m×n; each with its row stride.
    /// </summary>
    public static void Gemm(AcceleratorStream stream, bool transA, bool transB, int m, int n, int k,
        float alpha, ArrayView<float> a, int lda, ArrayView<float> b, int ldb, float beta, ArrayView<float> c, int ldc) =>
        GemmStridedBatched(stream, transA, transB, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0, 1);

    /// <summary>
    /// For each i in [0, <paramref name="batch"/>): C_i = alpha·op(A_i)·op(B_i) + beta·C_i (+ bias[j] added to
    /// column j), where X_i starts <c>i·strideX</c> elements into X. A stride of 0 shares that operand between all
    /// items (A and B only: C items must not overlap). The bias, if given (a non-empty view of at least n floats),
    /// is shared by all items and fused into the kernel's epilogue.
    /// </summary>
    /// <param name="stream">Stream to enqueue on.</param>
    /// <param name="transA">Use Aᵀ: each A_i is stored k×m.</param>
    /// <param name="transB">Use Bᵀ: each B_i is stored n×k.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major.</param>
    /// <param name="lda">Row stride of A.</param>
    /// <param name="strideA">Elements between A_i and A_(i+1); 0 shares A.</param>
    /// <param name="b">B, row-major.</param>
    /// <param name="ldb">Row stride of B.</param>
    /// <param name="strideB">Elements between B_i and B_(i+1); 0 shares B.</param>
    /// <param name="beta">Scale of the prior C; 0 means C is not read.</param>
    /// <param name="c">C, row-major.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="strideC">Elements between C_i and C_(i+1); at least (m-1)·ldc + n when batch &gt; 1.</param>
    /// <param name="batch">Number of products, at least 1.</param>
    /// <param name="bias">Optional n floats added to every row of each C_i; empty (default) for none.</param>
    /// <param name="variant">Force a variant (tests, tuning); null lets <see cref="GemmSelector"/> choose.</param>
    /// <param name="activation">An activation applied in the epilogue after the bias (none by default).</param>
    /// <param name="biasPerRow">When set, <paramref name="bias"/> holds m floats and bias[i] is added to row i instead.</param>
    /// <param name="rowSums">
    /// Optional m floats that receive rowSums[i] += alpha·Σₖ op(A)[i, k] in the same launch (batch 1, no bias): with
    /// op(A) = dYᵀ, the bias gradient beside the weight gradient dYᵀ·X.
    /// </param>
    /// <param name="sumItems">
    /// Batch-reduced: C = alpha·Σᵢ op(A_i)·op(B_i) + beta·C (+ bias), one C (<paramref name="strideC"/> is ignored) and
    /// one launch, e.g. a convolution's weight gradient summed over a block of images without per-image partials.
    /// </param>
    public static void GemmStridedBatched(AcceleratorStream stream, bool transA, bool transB, int m, int n, int k,
        float alpha, ArrayView<float> a, int lda, int strideA, ArrayView<float> b, int ldb, int strideB,
        float beta, ArrayView<float> c, int ldc, int strideC, int batch, ArrayView<float> bias = default,
        GemmVariant? variant = null, ArrayView<float> rowSums = default, GemmActivation activation = default, bool biasPerRow = false,
        bool sumItems = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"Gemm: sizes m={m}, n={n}, k={k} must not be negative.");
        if (batch < 1)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Gemm: batch is {batch} (m={m}, n={n}, k={k}); it must be at least 1.");
        if (strideA < 0 || strideB < 0 || strideC < 0)
            throw new ArgumentOutOfRangeException(nameof(strideA),
                $"Gemm: batch strides A={strideA}, B={strideB}, C={strideC} must not be negative.");
        if (m == 0 || n == 0) return;
        GemmChecks.Operand("A", a, transA ? k : m, transA ? m : k, lda, strideA, batch, k > 0);
        GemmChecks.Operand("B", b, transB ? n : k, transB ? k : n, ldb, strideB, batch, k > 0);
        int reduce = 1;
        if (sumItems)
        {
            (reduce, batch, strideC) = (batch, 1, 0);
            if (!rowSums.IsEmpty)
                throw new ArgumentException($"Gemm: row sums ('{rowSums.Buffer?.Name}') and a batch-reduced product ({reduce} items) cannot share a launch.", nameof(rowSums));
        }
        GemmChecks.Operand("C", c, m, n, ldc, strideC, batch, true);
        if (batch > 1 && strideC < (long)(m - 1) * ldc + n)
            throw new ArgumentException(
                $"Gemm: C items of {m}×{n} with row stride {ldc} overlap at batch stride {strideC}: needs at least {(long)(m - 1) * ldc + n}.", nameof(strideC));
        bool hasBias = !bias.IsEmpty;
        if (hasBias && bias.Length < (biasPerRow ? m : n))
            throw new ArgumentException(biasPerRow
                ? $"Gemm: row bias ('{bias.Buffer?.Name}', {bias.Length} elements) is too short for m = {m} rows."
                : $"Gemm: bias ('{bias.Buffer?.Name}', {bias.Length} elements) is too short for n = {n} columns.", nameof(bias));
        bool sumRows = !rowSums.IsEmpty;
        if (sumRows && (hasBias || batch != 1 || rowSums.Length < m))
            throw new ArgumentException($"Gemm: row sums ('{rowSums.Buffer?.Name}', {rowSums.Length} elements) need m = {m} elements, batch 1 (got {batch}) and no bias.", nameof(rowSums));
        if (k == 0 && sumRows) sumRows = false; // an empty sum adds nothing
        if (k == 0)
        {
            // No product: the kernel still applies beta and the bias; A and B are not read (any non-empty view will do).
            a = c;
            b = c;
            lda = ldb = Math.Max(1, Math.Max(m, n));
            strideA = strideB = 0;
        }

        var v = variant ?? GemmSelector.Select(stream.Accelerator, m, n, k * reduce, batch);
        int rowTiles = v.RowTiles(m), colTiles = v.ColTiles(n);
        var maxGrid = stream.Accelerator.Device.MaxGridSize;
        if (rowTiles > maxGrid.Y || colTiles > maxGrid.X)
            throw new ArgumentException($"Gemm: {m}×{n} needs a grid of {colTiles}×{rowTiles} groups of {v.Name}; the device allows {maxGrid.X}×{maxGrid.Y}.");
        int perLaunch = Math.Max(1, maxGrid.Y / rowTiles);
        for (int first = 0; first < batch; first += perLaunch)
        {
            int count = Math.Min(perLaunch, batch - first);
            var config = new KernelConfig(new Index2D(colTiles, count * rowTiles), new Index2D(v.GroupX, v.GroupY));
            var geometry = new GemmGeometry
            {
                TransA = transA ? 1 : 0, TransB = transB ? 1 : 0, M = m, N = n, K = k,
                Lda = lda, StrideA = strideA, Ldb = ldb, StrideB = strideB, Ldc = ldc, StrideC = strideC,
                Batch = count, BiasUse = sumRows ? 3 : hasBias ? (biasPerRow ? 2 : 1) : 0, Activation = activation.Kind, Slope = activation.Slope,
                Reduce = reduce,
            };
            stream.Launch(v.Kernel, config, KernelArg.FromStruct(geometry), alpha, GemmChecks.From(a, first, strideA),
                GemmChecks.From(b, first, strideB), beta, GemmChecks.From(c, first, strideC), hasBias ? bias : sumRows ? rowSums : c);
        }
    }

    /// <summary>
    /// The Linear layer: y = x·wᵀ + bias for <paramref name="rows"/> inputs, x is rows×inFeatures, w is
    /// outFeatures×inFeatures (PyTorch's layout), y is rows×outFeatures, bias has outFeatures floats (or is empty).
    /// </summary>
    public static void Linear(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias,
        ArrayView<float> y, int rows, int inFeatures, int outFeatures) =>
        GemmStridedBatched(stream, false, true, rows, outFeatures, inFeatures, 1f, x, Math.Max(1, inFeatures), 0,
            w, Math.Max(1, inFeatures), 0, 0f, y, Math.Max(1, outFeatures), 0, 1, bias);
}
