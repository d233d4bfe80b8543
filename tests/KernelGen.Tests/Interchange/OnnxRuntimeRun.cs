using Microsoft.ML.OnnxRuntime;

namespace KernelGen.Tests.Interchange;

/// <summary>Runs an exported ONNX model in ONNX Runtime (CPU) on named float and int64 inputs; returns every output as floats.</summary>
internal static class OnnxRuntimeRun
{
    private static readonly Lazy<string?> Missing = new(() =>
    {
        try
        {
            using var options = new SessionOptions();
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            return e.InnerException?.Message ?? e.Message;
        }
    });

    /// <summary>Skips the calling test where ONNX Runtime's native library is absent (the self-contained runner leaves it out).</summary>
    public static void RequireNativeLibrary()
    {
        if (Missing.Value is { } why) Assert.Ignore($"ONNX Runtime's native library is not in this build (tests/publish-runner.sh leaves it out): {why}");
    }

    public sealed record Input(string Name, long[] Shape, float[]? Floats = null, long[]? Int64s = null);

    public static Dictionary<string, float[]> Run(byte[] model, IReadOnlyList<Input> inputs)
    {
        RequireNativeLibrary();
        using var session = new InferenceSession(model);
        return Run(session, inputs);
    }

    public static Dictionary<string, float[]> Run(InferenceSession session, IReadOnlyList<Input> inputs)
    {
        var values = inputs.Select(i => i.Floats is not null
            ? OrtValue.CreateTensorValueFromMemory(i.Floats, i.Shape)
            : OrtValue.CreateTensorValueFromMemory(i.Int64s!, i.Shape)).ToList();
        try
        {
            using var options = new RunOptions();
            var names = session.OutputMetadata.Keys.ToList();
            using var outputs = session.Run(options, inputs.Select(i => i.Name).ToList(), values, names);
            return names.Select((n, k) => (n, outputs.ElementAt(k).GetTensorDataAsSpan<float>().ToArray())).ToDictionary(p => p.n, p => p.Item2);
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }
}
