namespace KernelGen.Kernels;

/// <summary>
/// Neumaier's compensated summation for kernels: keep a running <c>sum</c> and a running <c>error</c>; add each value
/// as <c>t = sum + v; error += RoundingError(sum, v, t); sum = t</c>, merge two partial pairs the same way
/// (errors added, plus the rounding error of adding the sums), and read the result as <c>sum + error</c>. The result
/// is as accurate as a sum in twice the precision, whatever the order of the terms, so a tree reduction of values
/// far from zero (a channel with mean 1000) keeps the digits a plain float sum drops.
/// </summary>
public static class CompensatedSum
{
    /// <summary>
    /// The exact rounding error of <paramref name="sum"/> = fl(<paramref name="a"/> + <paramref name="b"/>): what
    /// (a + b) − sum would be in exact arithmetic.
    /// </summary>
    [KernelFunction]
    public static float RoundingError(float a, float b, float sum) =>
        MathF.Abs(a) >= MathF.Abs(b) ? (a - sum) + b : (b - sum) + a;
}
