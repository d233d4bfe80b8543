namespace KernelGen;

/// <summary>
/// The error function as KernelGen's CPU code computes it: Abramowitz and Stegun 7.1.26 evaluated in double, absolute
/// error below 1.5e-7 (about one float ulp near 1). One source for the CPU backend and for the kernels' ILGPU build.
/// </summary>
internal static class ErfApproximation
{
    private const double P = 0.3275911, A1 = 0.254829592, A2 = -0.284496736, A3 = 1.421413741, A4 = -1.453152027, A5 = 1.061405429;

    public static float Evaluate(float x)
    {
        double ax = Math.Abs((double)x);
        double t = 1.0 / (1.0 + P * ax);
        double poly = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5))));
        double y = 1.0 - poly * Math.Exp(-ax * ax);
        return (float)(x < 0 ? -y : y);
    }

    /// <summary>
    /// The same formula in float, for the ILGPU build: ILGPU's OpenCL backend refuses <c>double</c> on a device without
    /// fp64, and an <c>Accelerator.CurrentType</c> test does not remove the double branch. Within 2e-7 of <see cref="Evaluate"/>.
    /// </summary>
    public static float EvaluateSingle(float x)
    {
        float ax = MathF.Abs(x);
        float t = 1f / (1f + (float)P * ax);
        float poly = t * ((float)A1 + t * ((float)A2 + t * ((float)A3 + t * ((float)A4 + t * (float)A5))));
        float y = 1f - poly * MathF.Exp(-ax * ax);
        return x < 0f ? -y : y;
    }
}
