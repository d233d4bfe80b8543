using KernelGen.Graph;
using KernelGen.Models;

namespace KernelGen.Tests.Interchange;

/// <summary>
/// One batch through an inference part twice: KernelGen's own forward (the part compiled against the model's
/// parameters, evaluation mode) and ONNX Runtime on the exported model, with the same inputs: images in [0, 1)
/// (binary for PixelCNN), normal latent vectors, labels cycling through the classes.
/// </summary>
internal static class PartRun
{
    public sealed record Outputs(Dictionary<string, float[]> KernelGen, Dictionary<string, float[]> Onnx);

    public static Outputs Both(GenerativeModel model, string partName, byte[] onnx, int batch, int seed)
    {
        var part = model.DeclarePart(partName, batch);
        var random = new Random(seed);
        var inputs = part.Graph.Inputs.Select(t => Input(t, model, random)).ToList();
        using var compiled = Compiler.CompileWith(model.Store, new CompileOptions(), part.Graph)[0];
        compiled.Training = false;
        foreach (var (tensor, values) in inputs)
        {
            if (values.Ints is { } ints) compiled.SetInput(tensor.Name, ints);
            else compiled.SetInput(tensor.Name, values.Floats!);
        }
        compiled.Forward();
        var kernelGen = part.Outputs.ToDictionary(o => o.Name, o => compiled.Read(o.Tensor));
        var onnxInputs = inputs.Select(p => new OnnxRuntimeRun.Input(p.Tensor.Name, p.Tensor.Shape.ToArray().Select(d => (long)d).ToArray(),
            p.Values.Floats, p.Values.Ints?.Select(v => (long)v).ToArray())).ToList();
        return new Outputs(kernelGen, OnnxRuntimeRun.Run(onnx, onnxInputs));
    }

    private static (Tensor Tensor, (float[]? Floats, int[]? Ints) Values) Input(Tensor t, GenerativeModel model, Random random)
    {
        int n = t.Shape.Numel;
        if (t.DType == DType.Int32) return (t, (null, Enumerable.Range(0, n).Select(i => (i * 3 + 1) % model.Classes).ToArray()));
        var values = new float[n];
        for (int i = 0; i < n; i++)
            values[i] = t.Name == "z" ? (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))
                : model.Binarization != KernelGen.Models.Data.Binarization.None ? (random.NextDouble() < 0.3 ? 1f : 0f)
                : (float)random.NextDouble();
        return (t, (values, null));
    }

    /// <summary>max |onnx − kernelgen| / max |kernelgen|: the error relative to the output's scale.</summary>
    public static double RelativeError(float[] onnx, float[] kernelGen)
    {
        Assert.That(onnx, Has.Length.EqualTo(kernelGen.Length), "ONNX and KernelGen outputs differ in size");
        double diff = 0, scale = 0;
        for (int i = 0; i < onnx.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs((double)onnx[i] - kernelGen[i]));
            scale = Math.Max(scale, Math.Abs((double)kernelGen[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }
}
