namespace KernelGen;

/// <summary>
/// The error function as KernelGen's CPU code computes it: Abramowitz and Stegun 7.1.26 evaluated in double, absolute
/// error below 1.5e-7 (about one float ulp near 1). One source for the CPU backend and for the kernels' ILGPU build.
/// </summary>
internal static class ErfApproximation
{
    public static float Evaluate(float x)
    {
        double ax = Math.Abs((double)x);
        double t = 1.0 / (1.0 + 0.3275911 * ax);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double y = 1.0 - poly * Math.Exp(-ax * ax);
        return (float)(x < 0 ? -y : y);
    }
}
