namespace KernelGen.Graph;

public sealed partial class CompiledGraph
{
    private readonly HashSet<string> _callerInputs = new();
    private readonly Dictionary<string, IDisposable> _staging = new();

    /// <summary>
    /// Makes <paramref name="buffer"/> (the caller's, on this graph's accelerator) the memory of input
    /// <paramref name="name"/> from now on, without a copy: a kernel of the caller's that writes the buffer on the
    /// accelerator's default stream, then <see cref="Step"/>, run in order with no host wait. The buffer must hold
    /// exactly the input's element count and type; it stays the caller's (the graph never disposes it), and the
    /// graph's own buffer for the input is released. <see cref="SetInput(string, ReadOnlySpan{float})"/> then
    /// writes into it.
    /// </summary>
    public void UseInput(string name, MemoryBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var current = Input(name);
        var tensor = Graph.Inputs.First(t => t.Name == name);
        buffer.ThrowIfDisposed();
        if (buffer.Accelerator != Accelerator)
            throw new ArgumentException($"Input '{name}' of graph '{Graph.Name}': buffer '{buffer.Name}' lives on {buffer.Accelerator.Device.Name} " +
                $"({buffer.Accelerator.Device.Backend}), not on the graph's {Accelerator.Device.Name} ({Accelerator.Device.Backend}).", nameof(buffer));
        if (buffer.ElementType != current.ElementType)
            throw new ArgumentException($"Input '{name}' of graph '{Graph.Name}' holds {current.ElementType.CSharpName()} values; " +
                $"buffer '{buffer.Name}' holds {buffer.ElementType.CSharpName()}.", nameof(buffer));
        if (buffer.Length != current.Length)
            throw new ArgumentException($"Input '{name}' of graph '{Graph.Name}' expects shape {tensor.Shape} ({current.Length} values); " +
                $"buffer '{buffer.Name}' holds {buffer.Length}.", nameof(buffer));
        switch (buffer)
        {
            case MemoryBuffer<float> floats: _ctx.Bind(tensor, floats.View); break;
            case MemoryBuffer<int> ints: _ctx.BindInt(tensor, ints.View); break;
        }
        if (!_callerInputs.Contains(name) && current != buffer) current.Dispose();
        _inputs[name] = buffer;
        _callerInputs.Add(name);
        _bindingsVersion++; // a captured step holds the old buffer

    }

    /// <summary>The buffer that holds input <paramref name="name"/>: the graph's own, or the caller's after <see cref="UseInput"/>.</summary>
    public MemoryBuffer InputBuffer(string name) => Input(name);

    /// <summary>
    /// The double-buffered staging of input <paramref name="name"/> (held in <paramref name="buffer"/>): made at the first
    /// upload and again after <see cref="UseInput"/> changes the buffer, so a step's upload allocates nothing.
    /// </summary>
    private HostStaging<T> Staging<T>(string name, MemoryBuffer<T> buffer) where T : unmanaged
    {
        if (_staging.TryGetValue(name, out var known) && known is HostStaging<T> staging && staging.Target == buffer) return staging;
        known?.Dispose();
        staging = new HostStaging<T>(buffer, buffer.Length);
        _staging[name] = staging;
        return staging;
    }

    private void DisposeInputs()
    {
        foreach (var staging in _staging.Values) staging.Dispose();
        _staging.Clear();
        foreach (var (name, buffer) in _inputs)
            if (!_callerInputs.Contains(name)) buffer.Dispose();
    }
}
