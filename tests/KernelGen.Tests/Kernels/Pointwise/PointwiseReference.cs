namespace KernelGen.Tests.Kernels.Pointwise;

/// <summary>
/// Double-precision references for pooling, resizing, batch normalization and axis reductions, written
/// independently of the kernels (scatter form where the kernels gather). Linear ops are given as their terms
/// (output index, input index, weight), so the forward and its exact adjoint come from one definition.
/// </summary>
public static class PointwiseReference
{
    public delegate void Term(int output, int input, double weight);

    public static double[] D(float[] v) => v.Select(e => (double)e).ToArray();

    public static int OutSize(int input, int k, int s, int p) => (input + 2 * p - k) / s + 1;

    public static void AvgPoolTerms(int planes, int h, int w, int k, int s, int p, bool includePad, Term term)
    {
        int oh = OutSize(h, k, s, p), ow = OutSize(w, k, s, p);
        for (int pl = 0; pl < planes; pl++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    var cells = new List<int>();
                    int padded = 0;
                    for (int r = oy * s - p; r < oy * s - p + k; r++)
                        for (int c = ox * s - p; c < ox * s - p + k; c++)
                        {
                            if (r < h + p && c < w + p) padded++;
                            if (r >= 0 && r < h && c >= 0 && c < w) cells.Add((pl * h + r) * w + c);
                        }
                    double div = includePad ? padded : cells.Count;
                    foreach (int cell in cells) term((pl * oh + oy) * ow + ox, cell, 1.0 / div);
                }
    }

    public static void NearestTerms(int planes, int h, int w, int sh, int sw, Term term)
    {
        int oh = h * sh, ow = w * sw;
        for (int pl = 0; pl < planes; pl++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    term((pl * oh + oy) * ow + ox, (pl * h + oy / sh) * w + ox / sw, 1.0);
    }

    /// <summary>PyTorch's align_corners=False bilinear, written from its definition in double.</summary>
    public static void BilinearTerms(int planes, int h, int w, int oh, int ow, Term term)
    {
        static (int I0, int I1, double L1) Source(int dst, int input, int output)
        {
            double src = Math.Max(((double)input / output) * (dst + 0.5) - 0.5, 0);
            int i0 = Math.Min((int)Math.Floor(src), input - 1);
            int i1 = Math.Min(i0 + 1, input - 1);
            return (i0, i1, src - i0);
        }
        for (int pl = 0; pl < planes; pl++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    var (y0, y1, ly) = Source(oy, h, oh);
                    var (x0, x1, lx) = Source(ox, w, ow);
                    int o = (pl * oh + oy) * ow + ox;
                    term(o, (pl * h + y0) * w + x0, (1 - ly) * (1 - lx));
                    term(o, (pl * h + y0) * w + x1, (1 - ly) * lx);
                    term(o, (pl * h + y1) * w + x0, ly * (1 - lx));
                    term(o, (pl * h + y1) * w + x1, ly * lx);
                }
    }

    public static double[] Apply(Action<Term> terms, double[] x, int outputs)
    {
        var y = new double[outputs];
        terms((o, i, wt) => y[o] += wt * x[i]);
        return y;
    }

    public static double[] Adjoint(Action<Term> terms, double[] dy, int inputs)
    {
        var dx = new double[inputs];
        terms((o, i, wt) => dx[i] += wt * dy[o]);
        return dx;
    }

    /// <summary>
    /// Max pooling in double: outputs and the flat input index of each maximum (first on ties). NaN propagates by
    /// PyTorch's rule <c>val &gt; maxval || isnan(val)</c>: the last NaN of a window in row-major order wins.
    /// </summary>
    public static (double[] Y, int[] Arg) MaxPool(double[] x, int planes, int h, int w, int k, int s, int p)
    {
        int oh = OutSize(h, k, s, p), ow = OutSize(w, k, s, p);
        var y = new double[planes * oh * ow];
        var arg = new int[y.Length];
        for (int pl = 0; pl < planes; pl++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    double best = double.NegativeInfinity;
                    int at = -1;
                    for (int r = Math.Max(oy * s - p, 0); r < Math.Min(oy * s - p + k, h); r++)
                        for (int c = Math.Max(ox * s - p, 0); c < Math.Min(ox * s - p + k, w); c++)
                        {
                            int idx = (pl * h + r) * w + c;
                            if (x[idx] > best || double.IsNaN(x[idx])) { best = x[idx]; at = idx; }
                        }
                    int o = (pl * oh + oy) * ow + ox;
                    y[o] = best;
                    arg[o] = at;
                }
        return (y, arg);
    }

    /// <summary>Training-mode batch norm over (n, c, s) in double: y, batch mean and biased variance.</summary>
    public static (double[] Y, double[] Mean, double[] Var) BatchNorm(double[] x, double[] gamma, double[] beta, int n, int c, int s, double eps)
    {
        var mean = new double[c];
        var variance = new double[c];
        var y = new double[x.Length];
        int m = n * s;
        for (int ch = 0; ch < c; ch++)
        {
            double sum = 0;
            for (int b = 0; b < n; b++) for (int j = 0; j < s; j++) sum += x[(b * c + ch) * s + j];
            mean[ch] = sum / m;
            double sq = 0;
            for (int b = 0; b < n; b++) for (int j = 0; j < s; j++) sq += Math.Pow(x[(b * c + ch) * s + j] - mean[ch], 2);
            variance[ch] = sq / m;
            double inv = 1 / Math.Sqrt(variance[ch] + eps);
            for (int b = 0; b < n; b++)
                for (int j = 0; j < s; j++)
                {
                    int i = (b * c + ch) * s + j;
                    y[i] = (x[i] - mean[ch]) * inv * gamma[ch] + beta[ch];
                }
        }
        return (y, mean, variance);
    }

    /// <summary>
    /// Backward of training-mode batch norm in double, from the batch mean and biased variance: dx, dgamma = Σ dy·x̂
    /// and dbeta = Σ dy (not accumulated into anything).
    /// </summary>
    public static (double[] Dx, double[] Dgamma, double[] Dbeta) BatchNormBackward(double[] x, double[] dy, double[] gamma,
        double[] mean, double[] variance, int n, int c, int s, double eps)
    {
        var dx = new double[x.Length];
        var dgamma = new double[c];
        var dbeta = new double[c];
        int m = n * s;
        for (int ch = 0; ch < c; ch++)
        {
            double inv = 1 / Math.Sqrt(variance[ch] + eps);
            for (int b = 0; b < n; b++)
                for (int j = 0; j < s; j++)
                {
                    int i = (b * c + ch) * s + j;
                    dbeta[ch] += dy[i];
                    dgamma[ch] += dy[i] * (x[i] - mean[ch]) * inv;
                }
            for (int b = 0; b < n; b++)
                for (int j = 0; j < s; j++)
                {
                    int i = (b * c + ch) * s + j;
                    double xhat = (x[i] - mean[ch]) * inv;
                    dx[i] = gamma[ch] * inv / m * (m * dy[i] - dbeta[ch] - xhat * dgamma[ch]);
                }
        }
        return (dx, dgamma, dbeta);
    }

    public static double[] ReduceAxis(double[] x, int outer, int axis, int inner, Func<IEnumerable<double>, double> f)
    {
        var y = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
                y[o * inner + j] = f(Enumerable.Range(0, axis).Select(a => x[(o * axis + a) * inner + j]));
        return y;
    }

    public static double[] Softmax(double[] x, int outer, int axis, int inner, bool log)
    {
        var y = new double[x.Length];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                double max = double.NegativeInfinity;
                for (int a = 0; a < axis; a++) max = Math.Max(max, x[(o * axis + a) * inner + j]);
                double sum = 0;
                for (int a = 0; a < axis; a++) sum += Math.Exp(x[(o * axis + a) * inner + j] - max);
                for (int a = 0; a < axis; a++)
                {
                    int i = (o * axis + a) * inner + j;
                    y[i] = log ? x[i] - max - Math.Log(sum) : Math.Exp(x[i] - max) / sum;
                }
            }
        return y;
    }

    /// <summary>Distinct values in shuffled order, so max pooling and max reductions have no ties.</summary>
    public static float[] Distinct(int n, int seed, float spacing = 0.01f)
    {
        var rng = new Random(seed);
        var v = Enumerable.Range(0, n).Select(i => (i - n / 2) * spacing).ToArray();
        rng.Shuffle(v);
        return v;
    }
}
