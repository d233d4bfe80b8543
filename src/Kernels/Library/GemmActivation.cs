namespace KernelGen.Kernels;

/// <summary>
/// An activation the GEMM applies in its epilogue, after the bias (<see cref="GemmGeometry.Activation"/>): the same
/// expression as <see cref="ActivationKernels.Relu"/> or <see cref="ActivationKernels.LeakyRelu"/>, so a fused layer
/// gives the bits the separate launch would.
/// </summary>
/// <param name="Kind">0 none, 1 ReLU, 2 LeakyReLU.</param>
/// <param name="Slope">LeakyReLU's slope for negative inputs.</param>
public readonly record struct GemmActivation(int Kind, float Slope)
{
    /// <summary>No activation.</summary>
    public static GemmActivation None => default;

    /// <summary>max(x, 0).</summary>
    public static GemmActivation Relu => new(1, 0f);

    /// <summary>x for x &gt; 0, slope·x otherwise.</summary>
    public static GemmActivation LeakyRelu(float slope) => new(2, slope);

    /// <summary>The activation of one value (the CPU path; kernels inline the same expression).</summary>
    public float Apply(float v) => Kind switch { 1 => v > 0f ? v : 0f, 2 => v > 0f ? v : v * Slope, _ => v };
}
