namespace KernelGen.Graph;

/// <summary>How graphs are compiled.</summary>
public sealed record CompileOptions
{
    /// <summary>Seed of parameter initialization and of the graphs' random streams.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>After each forward node, check its outputs for NaN or ±∞ and name the first node that produced one (slower; opt-in).</summary>
    public bool CheckFinite { get; init; }

    /// <summary>
    /// The caller's buffer to hold every parameter value (the arena, groups contiguous in declaration order; see
    /// <see cref="ParameterGroup.Offset"/>), instead of one the store allocates: e.g. another library's device buffer
    /// adopted without a copy. It must be on the compiling accelerator with room for every parameter; it stays the
    /// caller's. Used by <see cref="Compiler.Compile"/> (graphs compiled later share the store).
    /// </summary>
    public MemoryBuffer<float>? ParameterStorage { get; init; }

    /// <summary>
    /// Whether <see cref="Compiler.Compile"/> initializes the parameters from <see cref="Seed"/> (default), or keeps
    /// the values already in <see cref="ParameterStorage"/> (weights the caller has written there).
    /// </summary>
    public bool InitializeParameters { get; init; } = true;

    /// <summary>
    /// Capture the training step once and replay it (<see cref="CompiledGraph.Step"/>): a CUDA Graph on CUDA
    /// (<c>cuGraphLaunch</c>), kernels with their arguments set once on OpenCL. A step is captured after two steps
    /// have launched the same kernels with the same arguments, and captured again when the mode, an input buffer or an
    /// optimizer changes; optimizers whose numbers the host passes per step (an SGD schedule, a parameter average) and
    /// <see cref="CheckFinite"/> keep steps uncaptured (<see cref="CompiledGraph.CaptureRefusal"/> says why). The CPU
    /// backend runs its work as it is enqueued and is never captured.
    /// </summary>
    public bool CaptureSteps { get; init; }
}
