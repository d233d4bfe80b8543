namespace KernelGen.Graph;

/// <summary>How a parameter is initialized (on the device, from the compile seed and the parameter's name).</summary>
public abstract record Init
{
    /// <summary>U(−bound, bound) with bound = 1/√fanIn: PyTorch's default for Linear and Conv weights and biases.</summary>
    public static Init FanInUniform(int fanIn) => new UniformInit(-1f / MathF.Sqrt(fanIn), 1f / MathF.Sqrt(fanIn));

    /// <summary>N(mean, std²), e.g. DCGAN's N(0, 0.02).</summary>
    public static Init Normal(float mean, float std) => new NormalInit(mean, std);

    /// <summary>A constant (zeros for biases, ones for BatchNorm scales).</summary>
    public static Init Constant(float value) => new ConstantInit(value);
}

/// <summary>Uniform initialization in [Lo, Hi).</summary>
public sealed record UniformInit(float Lo, float Hi) : Init;

/// <summary>Normal initialization.</summary>
public sealed record NormalInit(float Mean, float Std) : Init;

/// <summary>Constant initialization.</summary>
public sealed record ConstantInit(float Value) : Init;

/// <summary>A parameter as a graph declares it: name, shape, initialization and group.</summary>
/// <param name="Name">Unique name, shared by every graph that uses the parameter (e.g. <c>gen.fc1.weight</c>).</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Init">Its initialization.</param>
/// <param name="Group">Its parameter group (own optimizer, can be frozen).</param>
public sealed record ParameterSpec(string Name, Shape Shape, Init Init, string Group);
