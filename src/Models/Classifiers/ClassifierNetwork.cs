using KernelGen.Graph;

namespace KernelGen.Models.Classifiers;

/// <summary>
/// The layers of the classifier, declared by name so that other graphs can share them: the feature extractor
/// (parameters <c>features.*</c>, group <see cref="FeatureGroup"/>: conv 3×3 → ReLU → max-pool 2 → conv 3×3 → ReLU →
/// max-pool 2 → flatten → fully connected → ReLU) and the head (<c>head.*</c>, group <see cref="HeadGroup"/>:
/// dropout → fully connected to the class logits).
/// </summary>
public static class ClassifierNetwork
{
    /// <summary>Parameter group of the feature extractor.</summary>
    public const string FeatureGroup = "features";

    /// <summary>Parameter group of the head.</summary>
    public const string HeadGroup = "head";

    /// <summary>Image batch x (N, 1, H, W) → features (N, <see cref="ClassifierOptions.Hidden"/>), after ReLU.</summary>
    public static Tensor Features(GraphBuilder g, Tensor x, ClassifierOptions o) =>
        g.InGroup(FeatureGroup, () => g.Relu(g.Linear(ConvolutionalFeatures(g, x, o), o.Hidden, "features.fc")));

    /// <summary>The convolutional part of <see cref="Features"/>: x (N, 1, H, W) → (N, Conv2·⌊H/4⌋·⌊W/4⌋), flattened.</summary>
    public static Tensor ConvolutionalFeatures(GraphBuilder g, Tensor x, ClassifierOptions o) => g.InGroup(FeatureGroup, () =>
    {
        var h = g.MaxPool2d(g.Relu(g.Conv2d(x, o.Conv1, 3, "features.conv1", padding: 1)), 2);
        h = g.MaxPool2d(g.Relu(g.Conv2d(h, o.Conv2, 3, "features.conv2", padding: 1)), 2);
        return g.Flatten(h);
    });

    /// <summary>Features (N, Hidden) → class logits (N, classes).</summary>
    public static Tensor Head(GraphBuilder g, Tensor features, int classes, ClassifierOptions o) => g.InGroup(HeadGroup, () =>
        g.Linear(g.Dropout(features, o.Dropout), classes, "head.fc"));

    /// <summary>Index of the largest logit of each of the first <paramref name="count"/> rows.</summary>
    public static int[] ArgMax(ReadOnlySpan<float> logits, int count, int classes)
    {
        var result = new int[count];
        for (int i = 0; i < count; i++)
        {
            var row = logits.Slice(i * classes, classes);
            int best = 0;
            for (int k = 1; k < classes; k++) if (row[k] > row[best]) best = k;
            result[i] = best;
        }
        return result;
    }
}
