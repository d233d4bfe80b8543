using KernelGen.Models.Classifiers;
using KernelGen.Models.PixelCnn;
using KernelGen.Models.Vaes;

namespace KernelGen.Models;

public static partial class ModelRegistry
{
    // One line per model: its name on the command line, a description, and how to create it.
    private static void RegisterAll()
    {
        Register<VaeOptions>("vae", "VAE of PyTorch's example (MLP 784-400-20, β on the KL term)", o => new Vae(o));
        Register<PixelCnnOptions>("pixelcnn", "PixelCNN on binarized images (7×7 mask A, residual 3×3 mask B layers, exact NLL, sequential sampling)", o => new PixelCnn.PixelCnn(o));
        Register<ClassifierOptions>("classifier", "Convolutional classifier (conv 32, conv 64, 128, dropout; cross-entropy on labels); judges samples", o => new Classifier(o));
    }
}
