using KernelGen.Graph;
using KernelGen.Models;
using KernelGen.Models.Autoencoders;
using KernelGen.Models.Classifiers;
using KernelGen.Models.Gans;
using KernelGen.Models.PixelCnn;
using KernelGen.Models.Vaes;

namespace KernelGen.Tests.Interchange;

/// <summary>What a built model's inference calls return on fixed inputs, named as scripts/interchange/torch_twins.py names a twin's outputs.</summary>
internal static class KernelGenOutputs
{
    public static int LatentSize(GenerativeModel model) => model switch
    {
        AutoencoderBase a => a.LatentSize,
        VaeBase v => v.LatentSize,
        ConditionalVae c => c.LatentSize,
        GanModel g => g.LatentSize,
        _ => 1,
    };

    public static Dictionary<string, float[]> Of(GenerativeModel model, float[] x, float[] z, int[] y)
    {
        int n = y.Length;
        return model switch
        {
            ILatentModel m => new() { ["encode"] = m.Encode(x, n), ["decode"] = m.Decode(z, n) },
            IConditionalLatentModel m => new() { ["encode"] = m.Encode(x, y), ["decode"] = m.Decode(z, y) },
            IDecoder m => new() { ["generate"] = m.Decode(z, n) },
            IConditionalDecoder m => new() { ["generate"] = m.Decode(z, y) },
            PixelCnn m => new() { ["logits"] = m.Logits(x, n) },
            Classifier m => new() { ["logits"] = ClassifierLogits(m, x, n) },
            _ => throw new NotSupportedException($"No inference outputs for model '{model.Kind}'."),
        };
    }

    /// <summary>The classifier exposes predictions only: its logits come from the network compiled on its parameters.</summary>
    private static float[] ClassifierLogits(Classifier model, float[] x, int n)
    {
        var g = new GraphBuilder("classifier-logits");
        var logits = g.MarkOutput(ClassifierNetwork.Head(g, ClassifierNetwork.Features(g, g.Input("x", n, 1, model.Rows, model.Cols), model.Options), model.Classes, model.Options));
        using var graph = Compiler.CompileWith(model.Store, new CompileOptions(), g)[0];
        graph.Training = false;
        graph.SetInput("x", x);
        graph.Forward();
        return graph.Read(logits);
    }
}
