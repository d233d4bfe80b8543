using KernelGen.Kernels;

namespace KernelGen.Graph;

/// <summary>
/// Every parameter of one or more graphs in one flat arena (and their gradients in a second arena of the same
/// layout), with named views. Parameters of a group are contiguous, so zeroing a group's gradients, its
/// optimizer step and a checkpoint are each a single operation over one range.
/// </summary>
public sealed class ParameterStore : IDisposable
{
    private readonly Dictionary<string, (ParameterSpec Spec, int Offset)> _entries = new();
    private readonly Dictionary<string, ParameterGroup> _groups = new();
    private readonly MemoryBuffer<float> _values, _grads;
    private readonly bool _ownsValues;

    /// <summary>Lays out <paramref name="specs"/>; the values live in <paramref name="storage"/> (the caller's) when given.</summary>
    internal ParameterStore(Accelerator accelerator, IReadOnlyList<ParameterSpec> specs, MemoryBuffer<float>? storage = null)
    {
        Accelerator = accelerator;
        int offset = 0;
        foreach (var group in specs.Select(s => s.Group).Distinct())
        {
            int start = offset;
            foreach (var spec in specs.Where(s => s.Group == group))
            {
                _entries[spec.Name] = (spec, offset);
                offset += spec.Shape.Numel;
            }
            _groups[group] = new ParameterGroup(this, group, start, offset - start);
        }
        Count = offset;
        Specs = specs;
        if (storage is null) (_values, _ownsValues) = (accelerator.Allocate<float>(Math.Max(1, offset), "parameters"), true);
        else
        {
            storage.ThrowIfDisposed();
            if (storage.Accelerator != accelerator)
                throw new ArgumentException($"Parameter storage '{storage.Name}' lives on {storage.Accelerator.Device.Name} ({storage.Accelerator.Device.Backend}), " +
                    $"not on {accelerator.Device.Name} ({accelerator.Device.Backend}) where the model is compiled.", nameof(storage));
            if (storage.Length < offset)
                throw new ArgumentException($"Parameter storage '{storage.Name}' holds {storage.Length:N0} floats; the model's parameters need {offset:N0}.", nameof(storage));
            _values = storage;
        }
        _grads = accelerator.Allocate<float>(Math.Max(1, offset), "gradients");
        _grads.Zero();
    }

    /// <summary>The accelerator holding the arenas.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Total number of parameters.</summary>
    public int Count { get; }

    /// <summary>Every parameter, groups contiguous, in arena order.</summary>
    public IReadOnlyList<ParameterSpec> Specs { get; }

    /// <summary>The groups, in arena order.</summary>
    public IEnumerable<ParameterGroup> Groups => _groups.Values;

    /// <summary>The whole parameter arena.</summary>
    public ArrayView<float> Values => _values.View.SubView(0, Math.Max(1, Count));

    /// <summary>The whole gradient arena.</summary>
    public ArrayView<float> Gradients => _grads.View;

    /// <summary>The named parameter group.</summary>
    public ParameterGroup Group(string name) => _groups.TryGetValue(name, out var g) ? g
        : throw new ArgumentException($"No parameter group '{name}'; groups: {string.Join(", ", _groups.Keys)}.", nameof(name));

    /// <summary>Whether a parameter of that name exists.</summary>
    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>The named parameter's view in the arena.</summary>
    public ArrayView<float> View(string name) => _values.View.SubView(Offset(name), Spec(name).Shape.Numel);

    /// <summary>The named parameter's gradient view.</summary>
    public ArrayView<float> Grad(string name) => _grads.View.SubView(Offset(name), Spec(name).Shape.Numel);

    /// <summary>The declaration of a parameter.</summary>
    public ParameterSpec Spec(string name) => Entry(name).Spec;

    internal int Offset(string name) => Entry(name).Offset;

    /// <summary>Copies a parameter to the host.</summary>
    public float[] Read(string name)
    {
        var data = new float[Spec(name).Shape.Numel];
        _values.CopyToHost(data, Offset(name));
        return data;
    }

    /// <summary>
    /// The first parameter, or else optimizer state, holding NaN or ±∞ (e.g. "parameter 'fc1.weight' (400, 784) holds
    /// 12 NaN or infinite value(s)"; an Adam second moment at +∞ freezes its weights while they stay finite), or null
    /// (waits for the device).
    /// </summary>
    public string? FirstNonFinite()
    {
        Accelerator.Synchronize();
        var values = new float[Math.Max(1, Count)];
        _values.CopyToHost(values, 0);
        foreach (var spec in Specs)
        {
            int bad = CompiledGraph.CountNonFinite(values.AsSpan(Offset(spec.Name), spec.Shape.Numel));
            if (bad > 0) return $"parameter '{spec.Name}' {spec.Shape} holds {bad} NaN or infinite value(s)";
        }
        foreach (var g in Groups.Where(g => g.Optimizer is not null && g.Length > 0))
            for (int k = 0; k < g.State.Count; k++)
            {
                var state = new float[g.Length];
                g.State[k].CopyToHost(state, 0);
                int bad = CompiledGraph.CountNonFinite(state);
                if (bad > 0) return $"optimizer state '{g.Optimizer!.ArenaNames[k]}' of parameter group '{g.Name}' holds {bad} NaN or infinite value(s)";
            }
        return null;
    }

    /// <summary>Overwrites a parameter from the host.</summary>
    public void Write(string name, ReadOnlySpan<float> data)
    {
        var spec = Spec(name);
        if (data.Length != spec.Shape.Numel)
            throw new ArgumentException($"Parameter '{name}' {spec.Shape} has {spec.Shape.Numel} values, not {data.Length}.", nameof(data));
        _values.CopyFromHost(data, Offset(name));
    }

    /// <summary>Initializes every parameter on the device from <paramref name="seed"/> and its name.</summary>
    public void Initialize(ulong seed)
    {
        var stream = Accelerator.DefaultStream;
        foreach (var spec in Specs)
        {
            var view = View(spec.Name);
            switch (spec.Init)
            {
                case ConstantInit c:
                    _values.Fill(c.Value, view.Offset, view.Length, stream); // new device memory may hold NaN: fill, never scale
                    break;
                case UniformInit u:
                    using (var rng = new PhiloxStream(Accelerator, seed ^ NameHash(spec.Name))) rng.Uniform(stream, view, u.Lo, u.Hi);
                    break;
                case NormalInit n:
                    using (var rng = new PhiloxStream(Accelerator, seed ^ NameHash(spec.Name))) rng.Normal(stream, view, n.Mean, n.Std);
                    break;
            }
        }
        stream.Synchronize();
    }

    /// <summary>FNV-1a of the name, spread over 64 bits: each parameter gets its own Philox key.</summary>
    private static ulong NameHash(string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in name) h = (h ^ c) * 1099511628211UL;
        return h;
    }

    private (ParameterSpec Spec, int Offset) Entry(string name) => _entries.TryGetValue(name, out var e) ? e
        : throw new ArgumentException($"No parameter '{name}' in this model.", nameof(name));

    /// <summary>Releases the arenas and the optimizer state.</summary>
    public void Dispose()
    {
        foreach (var g in _groups.Values) g.DisposeState();
        if (_ownsValues) _values.Dispose();
        _grads.Dispose();
    }
}
