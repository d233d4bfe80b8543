using KernelGen.Graph;

namespace KernelGen.Models;

/// <summary>
/// One network a built model offers at inference (a decoder, a generator, an encoder, the classifier, or an
/// autoencoder end to end), declared as a graph of its own over the model's parameters by name: the graph's inputs
/// are the part's inputs (<c>x</c> images, <c>z</c> latent or noise vectors, <c>y</c> int labels) and
/// <see cref="Outputs"/> names what it computes. It is meant to run in evaluation mode.
/// </summary>
/// <param name="Name">The part, one of <see cref="PartNames"/>.</param>
/// <param name="Graph">The part's graph.</param>
/// <param name="Outputs">Its results, in order, each with the name it is exported under.</param>
/// <param name="Meaning">What the outputs hold, in one line (e.g. that an image is a tanh output in [−1, 1]).</param>
public sealed record InferencePart(string Name, GraphBuilder Graph, IReadOnlyList<PartOutput> Outputs, string Meaning);

/// <summary>A result of an <see cref="InferencePart"/> and the name it is exported under.</summary>
/// <param name="Name">e.g. <c>image</c>, <c>mu</c>.</param>
/// <param name="Tensor">The graph tensor.</param>
public readonly record struct PartOutput(string Name, Tensor Tensor);

/// <summary>The names of the inference parts (<c>kernelgen export --part</c>).</summary>
public static class PartNames
{
    /// <summary>Latent vectors (and labels) → images.</summary>
    public const string Decoder = "decoder";

    /// <summary>Images (and labels) → latent vectors, or μ and log σ².</summary>
    public const string Encoder = "encoder";

    /// <summary>A GAN's noise (and labels) → images.</summary>
    public const string Generator = "generator";

    /// <summary>Images → class logits.</summary>
    public const string Classifier = "classifier";

    /// <summary>The whole inference network: an autoencoder end to end, PixelCNN's per-pixel logits.</summary>
    public const string Model = "model";
}
