using System.Runtime.CompilerServices;

namespace KernelGen;

/// <summary>
/// KernelGen's <c>KernelMath</c> in terms ILGPU compiles: no <c>MathF.FusedMultiplyAdd</c>, <c>Log2</c> or <c>Cbrt</c>
/// (ILGPU leaves them unresolved), no <c>BitConverter</c> and no uint→float conversion (ILGPU routes it through double).
/// </summary>
internal static class KernelMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MulHi(uint a, uint b) => (uint)(((ulong)a * b) >> 32);

    /// <summary>
    /// KernelGen's CPU backend's Abramowitz–Stegun 7.1.26 evaluated in float, not double: ILGPU's OpenCL backend
    /// refuses double on devices without fp64 (KernelGen's generated code calls the float <c>erf</c>).
    /// </summary>
    public static float Erf(float x) => ErfApproximation.EvaluateSingle(x);

    /// <summary>
    /// a·b + c. ILGPU 1.5.3 has no public float FMA, and <c>MathF.FusedMultiplyAdd</c> stays an unresolved call in its
    /// PTX even behind an <c>Accelerator.CurrentType</c> test; ptxas and OpenCL compilers contract a·b + c to an FMA by
    /// default. ILGPU's CPU accelerator rounds twice, so its results may differ from KernelGen's CPU backend by an ulp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Fma(float a, float b, float c) => a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log2(float x) => MathF.Log(x) * 1.44269504f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Cbrt(float x) => x < 0f ? -MathF.Pow(-x, 1f / 3f) : MathF.Pow(x, 1f / 3f);

    /// <summary>
    /// Correctly rounded: the high 24 bits and the low 8 bits convert exactly, their product with 256 is exact, and
    /// the one addition rounds the exact sum once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToFloat(uint value) => (int)(value >> 8) * 256f + (int)(value & 0xFF);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint AsUInt(float value) => Interop.FloatAsInt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float AsFloat(uint value) => Interop.IntAsFloat(value);
}
