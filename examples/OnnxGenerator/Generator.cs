using Microsoft.ML.OnnxRuntime;

namespace KernelGen.Examples.OnnxGenerator;

/// <summary>Images from an exported generator or decoder: N(0, 1) noise in, pixels in [0, 1] out.</summary>
public static class Generator
{
    public static float[] Generate(string onnxFile, int count, int seed)
    {
        using var session = new InferenceSession(onnxFile);
        int latent = (int)session.InputMetadata["z"].Dimensions[1]; // (batch, latent); the batch is dynamic
        var random = new Random(seed);
        var z = new float[count * latent];
        for (int i = 0; i < z.Length; i++) z[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        using var input = OrtValue.CreateTensorValueFromMemory(z, [count, latent]);
        using var outputs = session.Run(new RunOptions(), ["z"], [input], ["image"]);
        var image = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        bool tanh = session.ModelMetadata.CustomMetadataMap.TryGetValue("kernelgen.outputs", out var meaning) && meaning.Contains("[-1, 1]"); // a GAN's generator
        return tanh ? image.Select(v => Math.Clamp((v + 1) / 2, 0f, 1f)).ToArray() : image;
    }
}
