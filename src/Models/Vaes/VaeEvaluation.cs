using KernelGen.Graph;
using KernelGen.Models.Data;

namespace KernelGen.Models.Vaes;

/// <summary>The test loss of a VAE variant: an evaluation graph run over the test set with a fixed ε.</summary>
internal static class VaeEvaluation
{
    /// <summary>
    /// Runs <paramref name="eval"/> (input <c>x</c>, and <c>y</c> labels when <paramref name="withLabels"/>; batch
    /// <paramref name="batch"/>, a divisor of the test count) and returns test_loss, test_bce, test_kl per image.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Run(CompiledGraph eval, Tensor bce, Tensor kl, Dataset test, int batch, float beta, bool withLabels)
    {
        eval.Training = false;
        eval.Random.Position = 0; // the same ε every evaluation: the test loss depends on the parameters alone
        int pixels = test.PixelsPerImage;
        double bceSum = 0, klSum = 0;
        for (int start = 0; start < test.Count; start += batch)
        {
            eval.SetInput("x", test.Images.AsSpan(start * pixels, batch * pixels));
            if (withLabels) eval.SetInput("y", test.Labels.AsSpan(start, batch));
            eval.Forward();
            bceSum += eval.Read(bce)[0] * (double)batch;
            klSum += eval.Read(kl)[0] * (double)batch;
        }
        double n = test.Count;
        return new Dictionary<string, double>
        {
            ["test_loss"] = (bceSum + beta * klSum) / n,
            ["test_bce"] = bceSum / n,
            ["test_kl"] = klSum / n,
        };
    }
}
