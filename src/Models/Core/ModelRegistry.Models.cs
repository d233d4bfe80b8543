using KernelGen.Models.Autoencoders;
using KernelGen.Models.Gans;
using KernelGen.Models.Classifiers;
using KernelGen.Models.PixelCnn;
using KernelGen.Models.Vaes;

namespace KernelGen.Models;

public static partial class ModelRegistry
{
    // One line per model: its name on the command line, a description, and how to create it.
    private static void RegisterAll()
    {
        Register<AutoencoderOptions>("ae", "Autoencoder (sigmoid/linear/ReLU units, tied or untied, MSE or cross-entropy, any widths)", o => new Autoencoder(o));
        Register<StackedAutoencoderOptions>("stacked-ae", "Stacked autoencoder (784-256-64 and mirror decoder by default)", o => new StackedAutoencoder(o));
        Register<SparseAutoencoderOptions>("sparse-ae", "Sparse autoencoder (KL toward ρ or L1 on the code)", o => new SparseAutoencoder(o));
        Register<DenoisingAutoencoderOptions>("denoising-ae", "Denoising autoencoder (masking or Gaussian noise on training inputs)", o => new DenoisingAutoencoder(o));
        Register<ContractiveAutoencoderOptions>("contractive-ae", "Contractive autoencoder (λ‖∂h/∂x‖² of one sigmoid layer)", o => new ContractiveAutoencoder(o));
        Register<ConvAutoencoderOptions>("conv-ae", "Convolutional autoencoder (conv + max-pool 1→16→32, transposed-conv or upsample decoder)", o => new ConvAutoencoder(o));
        Register<VaeOptions>("vae", "VAE of PyTorch's example (MLP 784-400-20, β on the KL term)", o => new Vae(o));
        Register<ConvVaeOptions>("conv-vae", "Convolutional VAE (conv 32-64 stride 2, latent 20, β on the KL term)", o => new ConvVae(o));
        Register<ConditionalVaeOptions>("cvae", "Conditional VAE (MLP 784+10-400-20, one-hot label on the encoder input, the latent and the decoder's hidden layer, β 5)", o => new ConditionalVae(o));
        Register<GanOptions>("gan", "GAN (MLP players, non-saturating or minimax generator loss, k D steps per G step)", o => new Gan(o));
        Register<DcGanOptions>("dcgan", "DCGAN (strided conv D, transposed-conv G with BatchNorm, Adam 2e-4 β1 0.5)", o => new DcGan(o));
        Register<ConditionalGanOptions>("cgan", "Conditional GAN (MLP players, one-hot label on the noise and the D input)", o => new ConditionalGan(o));
        Register<WGanOptions>("wgan", "WGAN (MLP critic, weight clipping 0.01, 5 critic steps per G step)", o => new WGan(o));
        Register<PixelCnnOptions>("pixelcnn", "PixelCNN on binarized images (7×7 mask A, residual 3×3 mask B layers, exact NLL, sequential sampling)", o => new PixelCnn.PixelCnn(o));
        Register<PixelRnnOptions>("pixelrnn", "PixelRNN on binarized images (Row LSTM: 7×7 mask A, residual Row LSTM layers with 1×3 input- and state-to-state convolutions, exact NLL, sequential sampling)", o => new PixelCnn.PixelRnn(o));
        Register<Debiasing.DbVaeOptions>("db-vae", "Debiasing VAE (conv encoder to a class logit and a latent, decoder for the positives; positives resampled by inverse latent density)", o => new Debiasing.DbVae(o));
        Register<ClassifierOptions>("classifier", "Convolutional classifier (conv 32, conv 64, 128, dropout; cross-entropy on labels); judges samples", o => new Classifier(o));
    }
}
