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

    /// <summary>The optimizer's state arenas (same layout as <see cref="Values"/>).</summary>
    public IReadOnlyList<MemoryBuffer<float>> State => _state;

    /// <summary>
    /// The optimizer's step counter on the device (1 element; empty unless <see cref="Optimizer.UsesDeviceStep"/>):
    /// Adam increments it in each update, so a captured step replays with the right bias correction.
    /// </summary>
    public ArrayView<int> DeviceStep => _deviceStep?.View ?? default;

    /// <summary>Sets the optimizer and allocates its state (zeroed) once.</summary>
    public ParameterGroup UseOptimizer(Optimizer optimizer)
    {
        DisposeState();
        Optimizer = optimizer;
        _state = Enumerable.Range(0, optimizer.StateSlots)
            .Select(i => Store.Accelerator.Allocate<float>(Math.Max(1, Length), $"{Name}.{optimizer.StateNames[i]}")).ToArray();
        foreach (var s in _state) s.Zero();
        if (optimizer.UsesDeviceStep)
        {
            _deviceStep = Store.Accelerator.Allocate<int>(Kernels.Optim.AdamStateLength, $"{Name}.step");
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
