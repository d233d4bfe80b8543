using KernelGen.Kernels;

namespace KernelGen.Tests.Kernels;

/// <summary>
/// Double-precision direct-loop references for convolution and transposed convolution. Both are written as one
/// "connection" loop: big-side pixel (c, oh·s − p + ki·d, ow·s − p + kj·d) meets small-side pixel (k, oh, ow)
/// through weight [k, c, ki, kj]. A convolution reads big = x and writes small = y; a transposed convolution
/// reads small = x and writes big = y, with weights (Cin, Cout, KH, KW) = [k, c, …].
/// </summary>
public sealed record ConvReference(int N, int C, int H, int W, int K, int OH, int OW, int KH, int KW,
    int SH, int SW, int PH, int PW, int DH, int DW, bool Transposed)
{
    public static ConvReference Of(Conv2dShape s) => new(s.Batch, s.InChannels, s.Height, s.Width, s.OutChannels, s.OutHeight, s.OutWidth,
        s.KernelHeight, s.KernelWidth, s.StrideH, s.StrideW, s.PadH, s.PadW, s.DilationH, s.DilationW, false);

    public static ConvReference Of(ConvTranspose2dShape s) => new(s.Batch, s.OutChannels, s.OutHeight, s.OutWidth, s.InChannels, s.Height, s.Width,
        s.KernelHeight, s.KernelWidth, s.StrideH, s.StrideW, s.PadH, s.PadW, s.DilationH, s.DilationW, true);

    public int BigLength => N * C * H * W;
    public int SmallLength => N * K * OH * OW;
    public int InputLength => Transposed ? SmallLength : BigLength;
    public int OutputLength => Transposed ? BigLength : SmallLength;
    public int WeightLength => K * C * KH * KW;
    public int OutChannels => Transposed ? C : K;

    /// <summary>Calls f(smallIndex, bigIndex, weightIndex) for every connection.</summary>
    public void Connect(Action<int, int, int> f)
    {
        for (int n = 0; n < N; n++)
            for (int k = 0; k < K; k++)
                for (int oh = 0; oh < OH; oh++)
                    for (int ow = 0; ow < OW; ow++)
                        for (int c = 0; c < C; c++)
                            for (int ki = 0; ki < KH; ki++)
                            {
                                int ih = oh * SH - PH + ki * DH;
                                if (ih < 0 || ih >= H) continue;
                                for (int kj = 0; kj < KW; kj++)
                                {
                                    int iw = ow * SW - PW + kj * DW;
                                    if (iw < 0 || iw >= W) continue;
                                    f(((n * K + k) * OH + oh) * OW + ow, ((n * C + c) * H + ih) * W + iw, ((k * C + c) * KH + ki) * KW + kj);
                                }
                            }
    }

    /// <summary>Output, with Σ|terms| and the term count per element (for the tolerance).</summary>
    public (double[] Y, double[] Mag, int[] Terms) Forward(double[] x, double[] w, double[]? bias)
    {
        var y = new double[OutputLength];
        var mag = new double[OutputLength];
        var terms = new int[OutputLength];
        Connect((s, b, wi) =>
        {
            int o = Transposed ? b : s, i = Transposed ? s : b;
            double t = x[i] * w[wi];
            y[o] += t;
            mag[o] += Math.Abs(t);
            terms[o]++;
        });
        if (bias != null)
        {
            int plane = OutputLength / N / OutChannels;
            for (int o = 0; o < y.Length; o++)
            {
                y[o] += bias[o / plane % OutChannels];
                mag[o] += Math.Abs(bias[o / plane % OutChannels]);
            }
        }
        return (y, mag, terms);
    }

    /// <summary>Gradient w.r.t. the input for upstream gradient dy.</summary>
    public (double[] Dx, double[] Mag, int[] Terms) BackwardData(double[] dy, double[] w)
    {
        var dx = new double[InputLength];
        var mag = new double[InputLength];
        var terms = new int[InputLength];
        Connect((s, b, wi) =>
        {
            int o = Transposed ? b : s, i = Transposed ? s : b;
            double t = dy[o] * w[wi];
            dx[i] += t;
            mag[i] += Math.Abs(t);
            terms[i]++;
        });
        return (dx, mag, terms);
    }

    /// <summary>Gradient w.r.t. the weights.</summary>
    public (double[] Dw, double[] Mag, int[] Terms) BackwardWeights(double[] x, double[] dy)
    {
        var dw = new double[WeightLength];
        var mag = new double[WeightLength];
        var terms = new int[WeightLength];
        Connect((s, b, wi) =>
        {
            int o = Transposed ? b : s, i = Transposed ? s : b;
            double t = dy[o] * x[i];
            dw[wi] += t;
            mag[wi] += Math.Abs(t);
            terms[wi]++;
        });
        return (dw, mag, terms);
    }

    /// <summary>Gradient w.r.t. the bias.</summary>
    public (double[] Db, double[] Mag, int[] Terms) BackwardBias(double[] dy)
    {
        var db = new double[OutChannels];
        var mag = new double[OutChannels];
        var terms = new int[OutChannels];
        int plane = OutputLength / N / OutChannels;
        for (int o = 0; o < dy.Length; o++)
        {
            int c = o / plane % OutChannels;
            db[c] += dy[o];
            mag[c] += Math.Abs(dy[o]);
            terms[c]++;
        }
        return (db, mag, terms);
    }

    /// <summary>Float tolerance of a sum of <paramref name="terms"/> products: 1e-6 + 4·2⁻²³·√terms·Σ|terms| + |prior|·2⁻²³.</summary>
    public static double Tolerance(double mag, int terms, double prior = 0) =>
        1e-6 + 4 * Math.Pow(2, -23) * Math.Sqrt(Math.Max(terms, 1)) * mag + Math.Abs(prior) * Math.Pow(2, -23);

    public static double[] D(float[] v) => v.Select(f => (double)f).ToArray();
}
