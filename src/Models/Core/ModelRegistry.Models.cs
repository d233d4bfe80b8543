using KernelGen.Models.Vaes;

namespace KernelGen.Models;

public static partial class ModelRegistry
{
    // One line per model: its name on the command line, a description, and how to create it.
    private static void RegisterAll()
    {
        Register<VaeOptions>("vae", "VAE of PyTorch's example (MLP 784-400-20, β on the KL term)", o => new Vae(o));
    }
}
