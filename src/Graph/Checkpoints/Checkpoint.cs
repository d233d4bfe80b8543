using System.Globalization;

namespace KernelGen.Graph.Checkpoints;

/// <summary>
/// Saves and restores a model's parameters, optimizer state and step counters as safetensors. Loading checks
/// every name, shape and dtype against the model before it touches a single parameter.
/// </summary>
public static class Checkpoint
{
    private const string Format = "kernelgen-1";

    /// <summary>Writes the parameters, optimizer state and step counters of <paramref name="model"/> (and of the graphs sharing its store) atomically.</summary>
    public static void Save(string path, CompiledGraph model, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        var store = model.Store;
        model.Accelerator.Synchronize();
        var tensors = new Dictionary<string, SafeTensors.Entry>();
        foreach (var spec in store.Specs) tensors["param:" + spec.Name] = new(spec.Shape.ToArray(), store.Read(spec.Name));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["graph"] = model.Graph.Name,
            ["step"] = model.Steps.ToString(CultureInfo.InvariantCulture),
            ["rng_offset"] = model.Random.Position.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var group in store.Groups.Where(g => g.Optimizer is not null))
        {
            metadata[$"optimizer:{group.Name}"] = group.Optimizer!.GetType().Name;
            metadata[$"group_steps:{group.Name}"] = group.Steps.ToString(CultureInfo.InvariantCulture);
            if (group.Optimizer.UsesDeviceStep)
                metadata[$"device_step:{group.Name}"] = group.ReadDeviceStep().ToString(CultureInfo.InvariantCulture);
            for (int s = 0; s < group.State.Count; s++)
                tensors[$"state:{group.Name}:{group.Optimizer.ArenaNames[s]}"] = new([group.Length], group.State[s].ToArray()[..group.Length]);
        }
        if (extraMetadata is not null)
            foreach (var (k, v) in extraMetadata) metadata[k] = v;
        SafeTensors.Write(path, tensors, metadata);
    }

    /// <summary>
    /// Restores a checkpoint into <paramref name="model"/>; returns its metadata. A file from another model, or a
    /// truncated or malformed file, is refused (<see cref="FileFormatException"/> for a malformed file, <see cref="InvalidDataException"/> for one of another model) before anything changes.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Load(string path, CompiledGraph model)
    {
        var (tensors, metadata) = SafeTensors.Read(path);
        var store = model.Store;
        var counters = new List<string> { "step" };
        foreach (var g in store.Groups.Where(g => g.Optimizer is not null)) counters.AddRange([$"group_steps:{g.Name}", $"device_step:{g.Name}"]);
        var malformed = counters.Where(k => metadata.TryGetValue(k, out var v) && !(int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            .Concat(metadata.TryGetValue("rng_offset", out var r) && !uint.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? ["rng_offset"] : [])
            .ToList();
        if (malformed.Count > 0)
            throw new FileFormatException($"Checkpoint '{path}': metadata field '{malformed[0]}' is '{metadata[malformed[0]]}'; expected a non-negative integer.");
        var problems = new List<string>();
        if (!metadata.TryGetValue("format", out var format) || format != Format)
            problems.Add($"format is '{format ?? "(none)"}', expected '{Format}'");
        var expected = new Dictionary<string, int[]>();
        foreach (var spec in store.Specs) expected["param:" + spec.Name] = spec.Shape.ToArray();
        foreach (var g in store.Groups.Where(g => g.Optimizer is not null))
            for (int s = 0; s < g.State.Count; s++) expected[$"state:{g.Name}:{g.Optimizer!.ArenaNames[s]}"] = [g.Length];
        foreach (var (name, shape) in expected)
        {
            if (!tensors.TryGetValue(name, out var entry)) problems.Add($"it lacks '{name}' ({Dims(shape)})");
            else if (!entry.Shape.SequenceEqual(shape)) problems.Add($"'{name}' is ({Dims(entry.Shape)}) but the model has ({Dims(shape)})");
        }
        foreach (var name in tensors.Keys.Where(n => !expected.ContainsKey(n)))
            problems.Add($"it holds '{name}', which this model does not have");
        if (problems.Count > 0)
            throw new InvalidDataException($"Checkpoint '{path}' does not fit graph '{model.Graph.Name}' (is it from another model?): {string.Join("; ", problems.Take(6))}{(problems.Count > 6 ? $"; and {problems.Count - 6} more" : "")}.");

        foreach (var spec in store.Specs) store.Write(spec.Name, tensors["param:" + spec.Name].Data);
        foreach (var g in store.Groups.Where(g => g.Optimizer is not null))
        {
            for (int s = 0; s < g.State.Count; s++) g.State[s].CopyFromHost(tensors[$"state:{g.Name}:{g.Optimizer!.ArenaNames[s]}"].Data);
            g.Steps = ParseInt(metadata, $"group_steps:{g.Name}");
            // Adam's bias-correction counter lives on the device; files without it fall back to the group's steps.
            g.WriteDeviceStep(metadata.ContainsKey($"device_step:{g.Name}") ? ParseInt(metadata, $"device_step:{g.Name}") : g.Steps);
        }
        model.Steps = ParseInt(metadata, "step");
        model.Random.Position = metadata.TryGetValue("rng_offset", out var o) ? uint.Parse(o, CultureInfo.InvariantCulture) : 0;
        return metadata;
    }

    private static int ParseInt(Dictionary<string, string> metadata, string key) => // checked before anything changed
        metadata.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : 0;

    private static string Dims(int[] shape) => string.Join(", ", shape);
}
