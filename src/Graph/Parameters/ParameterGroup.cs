namespace KernelGen.Graph;

/// <summary>A contiguous range of the parameter arena with its own optimizer and state.</summary>
public sealed class ParameterGroup
{
    private MemoryBuffer<float>[] _state = [];
    private MemoryBuffer<int>? _deviceStep;

    internal ParameterGroup(ParameterStore store, string name, int offset, int length)
    {
        Store = store;
        Name = name;
        Offset = offset;
        Length = length;
    }

    /// <summary>The store.</summary>
    public ParameterStore Store { get; }

    /// <summary>The group's name.</summary>
    public string Name { get; }

    /// <summary>First element in the arena.</summary>
    public int Offset { get; }

    /// <summary>Number of parameters.</summary>
    public int Length { get; }

    /// <summary>The optimizer, if one was set.</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>Optimizer steps taken by this group.</summary>
    public int Steps { get; internal set; }

    /// <summary>The group's parameters.</summary>
    public ArrayView<float> Values => Store.Values.SubView(Offset, Length);

    /// <summary>The group's gradients.</summary>
    public ArrayView<float> Gradients => Store.Gradients.SubView(Offset, Length);

    /// <summary>The optimizer's state arenas (same layout as <see cref="Values"/>), named by <see cref="Optimizer.ArenaNames"/>.</summary>
    public IReadOnlyList<MemoryBuffer<float>> State => _state;

    /// <summary>
    /// The optimizer's step counter on the device (1 element; empty unless <see cref="Optimizer.UsesDeviceStep"/>):
    /// Adam increments it in each update, so a captured step replays with the right bias correction.
    /// </summary>
    public ArrayView<int> DeviceStep => _deviceStep?.View ?? default;

    /// <summary>
    /// The moving average of the parameters (<see cref="Optimizer.ParameterAverage"/>); empty when the optimizer keeps none.
    /// </summary>
    public ArrayView<float> Average => Optimizer?.ParameterAverage is null ? default : _state[^1].View.SubView(0, Length);

    /// <summary>
    /// Exchanges <see cref="Values"/> with <see cref="Average"/> (enqueued): call once to compute with the averaged
    /// parameters, and again to put the trained ones back. A group without an average is refused.
    /// </summary>
    public void SwapAverage(AcceleratorStream stream)
    {
        if (Average.IsEmpty)
            throw new InvalidOperationException($"Parameter group '{Name}' keeps no parameter average; set ParameterAverage on its optimizer.");
        Kernels.Elementwise.Swap(stream, Values, Average);
    }

    /// <summary>Sets the optimizer and allocates its state once: zeroed, and the parameter average (if any) a copy of the parameters.</summary>
    public ParameterGroup UseOptimizer(Optimizer optimizer)
    {
        DisposeState();
        Optimizer = optimizer;
        _state = optimizer.ArenaNames
            .Select(name => Store.Accelerator.Allocate<float>(Math.Max(1, Length), $"{Name}.{name}")).ToArray();
        foreach (var s in _state) s.Zero();
        if (optimizer.ParameterAverage is not null && Length > 0) _state[^1].CopyFrom(Values);
        if (optimizer.UsesDeviceStep)
        {
            _deviceStep = Store.Accelerator.Allocate<int>(Kernels.OptimizerSteps.AdamStateLength, $"{Name}.step");
            _deviceStep.Zero();
        }
        Steps = 0;
        return this;
    }

    internal void DisposeState()
    {
        foreach (var s in _state) s.Dispose();
        _state = [];
        _deviceStep?.Dispose();
        _deviceStep = null;
    }

    /// <summary>Reads the device step counter (waits); 0 without one.</summary>
    internal int ReadDeviceStep() => _deviceStep?.ToArray()[0] ?? 0;

    /// <summary>Overwrites the device step counter (checkpoint restore); nothing without one.</summary>
    internal void WriteDeviceStep(int step) => _deviceStep?.CopyFromHost([step]); // the other two ints are recomputed by the next step
}
