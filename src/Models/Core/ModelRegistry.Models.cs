using KernelGen.Models.Autoencoders;
using KernelGen.Models.Vaes;

namespace KernelGen.Models;

public static partial class ModelRegistry
{
    // One line per model: its name on the command line, a description, and how to create it.
    private static void RegisterAll()
    {
        Register<VaeOptions>("vae", "VAE of PyTorch's example (MLP 784-400-20, β on the KL term)", o => new Vae(o));
        Register<AutoencoderOptions>("ae", "Autoencoder (sigmoid/linear/ReLU units, tied or untied, MSE or cross-entropy, any widths)", o => new Autoencoder(o));
        Register<StackedAutoencoderOptions>("stacked-ae", "Stacked autoencoder (784-256-64 and mirror decoder by default)", o => new StackedAutoencoder(o));
        Register<SparseAutoencoderOptions>("sparse-ae", "Sparse autoencoder (KL toward ρ or L1 on the code)", o => new SparseAutoencoder(o));
        Register<DenoisingAutoencoderOptions>("denoising-ae", "Denoising autoencoder (masking or Gaussian noise on training inputs)", o => new DenoisingAutoencoder(o));
        Register<ContractiveAutoencoderOptions>("contractive-ae", "Contractive autoencoder (λ‖∂h/∂x‖² of one sigmoid layer)", o => new ContractiveAutoencoder(o));
        Register<ConvAutoencoderOptions>("conv-ae", "Convolutional autoencoder (conv + max-pool 1→16→32, transposed-conv or upsample decoder)", o => new ConvAutoencoder(o));
    }
}
