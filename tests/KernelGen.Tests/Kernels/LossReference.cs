namespace KernelGen.Tests.Kernels;

/// <summary>
/// Double-precision references of the losses and penalties: the value, and the analytic gradient of
/// gradScale·loss (what the ops accumulate). GradCheck differentiates the values numerically.
/// </summary>
public static class LossReference
{
    public static double Mse(double[] x, double[] t, bool mean, double g, out double[] dx)
    {
        double s = 0;
        double scale = mean ? 1.0 / x.Length : 1;
        dx = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            s += (x[i] - t[i]) * (x[i] - t[i]);
            dx[i] = g * scale * 2 * (x[i] - t[i]);
        }
        return s * scale;
    }

    public static double Bce(double[] p, double[] t, bool mean, double g, out double[] dx)
    {
        double s = 0;
        double scale = mean ? 1.0 / p.Length : 1;
        dx = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            s -= t[i] * Math.Max(Math.Log(p[i]), -100) + (1 - t[i]) * Math.Max(Math.Log(1 - p[i]), -100);
            dx[i] = g * scale * (p[i] - t[i]) / Math.Max(p[i] * (1 - p[i]), 1e-12);
        }
        return s * scale;
    }

    public static double BceLogits(double[] x, double[] t, bool mean, double g, out double[] dx)
    {
        double s = 0;
        double scale = mean ? 1.0 / x.Length : 1;
        dx = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Max(x[i], 0) - x[i] * t[i] + Math.Log(1 + Math.Exp(-Math.Abs(x[i])));
            dx[i] = g * scale * (1 / (1 + Math.Exp(-x[i])) - t[i]);
        }
        return s * scale;
    }

    public static double CrossEntropy(double[] z, int[] labels, int classes, bool mean, double g, out double[] dz)
    {
        int n = labels.Length;
        double scale = mean ? 1.0 / n : 1;
        double s = 0;
        dz = new double[z.Length];
        for (int r = 0; r < n; r++)
        {
            double m = double.NegativeInfinity;
            for (int j = 0; j < classes; j++) m = Math.Max(m, z[r * classes + j]);
            double e = 0;
            for (int j = 0; j < classes; j++) e += Math.Exp(z[r * classes + j] - m);
            double lse = m + Math.Log(e);
            s += lse - z[r * classes + labels[r]];
            for (int j = 0; j < classes; j++)
                dz[r * classes + j] = g * scale * (Math.Exp(z[r * classes + j] - lse) - (j == labels[r] ? 1 : 0));
        }
        return s * scale;
    }

    public static double GaussianKl(double[] mu, double[] lv, int batch, bool mean, double g, out double[] dmu, out double[] dlv)
    {
        double scale = mean ? 1.0 / batch : 1;
        double s = 0;
        dmu = new double[mu.Length];
        dlv = new double[mu.Length];
        for (int i = 0; i < mu.Length; i++)
        {
            s += -0.5 * (1 + lv[i] - mu[i] * mu[i] - Math.Exp(lv[i]));
            dmu[i] = g * scale * mu[i];
            dlv[i] = g * scale * 0.5 * (Math.Exp(lv[i]) - 1);
        }
        return s * scale;
    }

    public static double L1(double[] h, int batch, double lambda, bool mean, double g, out double[] dh)
    {
        double scale = lambda * (mean ? 1.0 / batch : 1);
        double s = 0;
        dh = new double[h.Length];
        for (int i = 0; i < h.Length; i++)
        {
            s += Math.Abs(h[i]);
            dh[i] = g * scale * Math.Sign(h[i]);
        }
        return s * scale;
    }

    public static double Sparsity(double[] h, int batch, double rho, double beta, double g, out double[] dh)
    {
        int hidden = h.Length / batch;
        double s = 0;
        dh = new double[h.Length];
        for (int j = 0; j < hidden; j++)
        {
            double r = 0;
            for (int n = 0; n < batch; n++) r += h[n * hidden + j];
            r /= batch;
            s += rho * Math.Log(rho / r) + (1 - rho) * Math.Log((1 - rho) / (1 - r));
            for (int n = 0; n < batch; n++) dh[n * hidden + j] = g * beta / batch * (-rho / r + (1 - rho) / (1 - r));
        }
        return beta * s;
    }

    public static double Contractive(double[] h, double[] w, int batch, double lambda, bool mean, double g, out double[] dh, out double[] dw)
    {
        int hidden = h.Length / batch, inputs = w.Length / hidden;
        double scale = lambda * (mean ? 1.0 / batch : 1);
        double s = 0;
        dh = new double[h.Length];
        dw = new double[w.Length];
        for (int j = 0; j < hidden; j++)
        {
            double wn = 0;
            for (int i = 0; i < inputs; i++) wn += w[j * inputs + i] * w[j * inputs + i];
            double a = 0;
            for (int n = 0; n < batch; n++)
            {
                double hv = h[n * hidden + j];
                a += hv * (1 - hv) * hv * (1 - hv);
                dh[n * hidden + j] = g * scale * 2 * hv * (1 - hv) * (1 - 2 * hv) * wn;
            }
            for (int i = 0; i < inputs; i++) dw[j * inputs + i] = g * scale * 2 * a * w[j * inputs + i];
            s += a * wn;
        }
        return s * scale;
    }
}
