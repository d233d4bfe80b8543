namespace KernelGen.Graph;

/// <summary>Compiles one or more graphs that share parameters (by name) for one accelerator.</summary>
public static class Compiler
{
    /// <summary>
    /// Creates one <see cref="ParameterStore"/> for every parameter of <paramref name="graphs"/>, initializes it
    /// from the seed, and compiles each graph against it.
    /// </summary>
    public static CompiledGraph[] Compile(Accelerator accelerator, CompileOptions options, params GraphBuilder[] graphs)
    {
        var specs = new List<ParameterSpec>();
        foreach (var p in graphs.SelectMany(g => g.Parameters))
        {
            var existing = specs.FirstOrDefault(s => s.Name == p.Name);
            if (existing is null) specs.Add(p.Parameter!);
            else if (existing.Shape != p.Shape)
                throw new GraphException($"Parameter '{p.Name}' has shape {existing.Shape} in one graph and {p.Shape} in another.");
        }
        if (!options.InitializeParameters && options.ParameterStorage is null)
            throw new ArgumentException("CompileOptions.InitializeParameters is false but no ParameterStorage holds the values to keep.", nameof(options));
        CheckParametersFit(accelerator, specs);
        var store = new ParameterStore(accelerator, specs, options.ParameterStorage);
        if (options.InitializeParameters) store.Initialize(options.Seed);
        return graphs.Select((g, i) => new CompiledGraph(g, store, options, i, ownsStore: i == 0)).ToArray();
    }

    /// <summary>
    /// Refuses, before anything is allocated, parameters whose values and gradients alone would not fit in the
    /// device's free memory (optimizer state and activations are checked as they are allocated).
    /// </summary>
    private static void CheckParametersFit(Accelerator accelerator, IReadOnlyList<ParameterSpec> specs)
    {
        long count = specs.Sum(s => (long)s.Shape.Numel);
        long bytes = 2 * 4 * count, free = accelerator.Device.MemoryBytes - accelerator.AllocatedBytes;
        if (count > int.MaxValue || bytes > free)
        {
            var largest = specs.MaxBy(s => s.Shape.Numel)!;
            throw new SizeLimitException($"The model's {count:N0} parameters need {bytes:N0} bytes (values and gradients) " +
                $"but {accelerator.Device.Name} has {free:N0} bytes free{(count > int.MaxValue ? $" and one arena holds at most {int.MaxValue:N0} values" : "")}; " +
                $"the largest is '{largest.Name}' {largest.Shape}.");
        }
    }

    /// <summary>
    /// Compiles more graphs against an existing <paramref name="store"/> (evaluation, encoding or sampling graphs of
    /// a trained model): every parameter they use must already be in the store with the same shape.
    /// </summary>
    public static CompiledGraph[] CompileWith(ParameterStore store, CompileOptions options, params GraphBuilder[] graphs)
    {
        foreach (var p in graphs.SelectMany(g => g.Parameters))
        {
            if (!store.Contains(p.Name))
                throw new GraphException($"Parameter '{p.Name}' of graph '{p.Graph.Name}' is not in the model's parameter store.");
            if (store.Spec(p.Name).Shape != p.Shape)
                throw new GraphException($"Parameter '{p.Name}' is {p.Shape} in graph '{p.Graph.Name}' but {store.Spec(p.Name).Shape} in the store.");
        }
        return graphs.Select((g, i) => new CompiledGraph(g, store, options, 1000 + i, ownsStore: false)).ToArray();
    }
}
