using KernelGen.Models;
using KernelGen.Models.Autoencoders;
using KernelGen.Models.Training;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>Autoencoders by name, their checkpoints, and the hyper-parameters and images they refuse.</summary>
public sealed class AutoencoderOptionsTests
{
    private string _dir = "";

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("kernelgen-ae-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static Accelerator Cpu() => TestDevices.Context.GetDevice("cpu").CreateAccelerator();

    [TestCase("ae", "--hidden", "256,64", "--tied-weights", "true", "--loss", "mse")]
    [TestCase("stacked-ae", "--hidden", "128,32,8", "--activation", "relu", "--seed", "3")]
    [TestCase("sparse-ae", "--sparsity", "l1", "--lambda", "0.01", "--batch-size", "16")]
    [TestCase("denoising-ae", "--noise", "gaussian", "--noise-std", "0.2", "--hidden", "100")]
    [TestCase("contractive-ae", "--lambda", "0.5", "--hidden", "100")]
    [TestCase("conv-ae", "--decoder", "upsample-conv", "--channels", "4,8", "--latent", "10")]
    public void CheckpointRoundTripRebuildsTheSameModel(string name, params string[] args)
    {
        var values = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i += 2) values[args[i][2..]] = args[i + 1];
        var entry = ModelRegistry.Get(name);
        var data = TinyData.Digits(128, 64);
        using var acc = Cpu();
        using var model = (AutoencoderBase)entry.Create(ModelRegistry.ParseOptions(entry, values));
        Assert.That(model.Kind, Is.EqualTo(name));
        model.Build(acc, data.Train);
        new Trainer(model, data, new TrainerOptions { Epochs = 1 }).Run();
        var path = Path.Combine(_dir, "model.safetensors");
        model.Save(path);

        using var restored = (AutoencoderBase)ModelRegistry.FromCheckpoint(path);
        Assert.That(restored.GetType(), Is.EqualTo(model.GetType()));
        Assert.That(restored.OptionsJson, Is.EqualTo(model.OptionsJson));
        var (rows, cols, classes) = ModelRegistry.ImageFormat(path);
        restored.Build(acc, rows, cols, classes);
        restored.Load(path);
        Assert.That(restored.Reconstruct(data.Test.Images, 20), Is.EqualTo(model.Reconstruct(data.Test.Images, 20)));
        Assert.That(restored.Evaluate(data.Test), Is.EqualTo(model.Evaluate(data.Test)));
        Assert.That(restored.Steps, Is.EqualTo(model.Steps));
    }

    [Test]
    public void OutOfRangeHyperParametersAreNamed()
    {
        void Refused(Func<object> create, string expected)
        {
            var ex = Assert.Throws<OptionRangeException>(() => create());
            Assert.That(ex!.Message, Does.Contain(expected));
        }
        Refused(() => new SparseAutoencoder(new SparseAutoencoderOptions { Rho = -0.1f }), "Rho (--rho) = -0.1");
        Refused(() => new SparseAutoencoder(new SparseAutoencoderOptions { Rho = 1f }), "Rho (--rho) = 1");
        Refused(() => new SparseAutoencoder(new SparseAutoencoderOptions { Beta = -2f }), "Beta (--beta) = -2");
        Refused(() => new SparseAutoencoder(new SparseAutoencoderOptions { Activation = HiddenActivation.Relu }), "Activation (--activation) = relu");
        Refused(() => new Autoencoder(new AutoencoderOptions { Hidden = [0] }), "Hidden (--hidden) = [0]");
        Refused(() => new Autoencoder(new AutoencoderOptions { Hidden = [] }), "Hidden (--hidden) = []");
        Refused(() => new Autoencoder(new AutoencoderOptions { Hidden = [64], Activation = HiddenActivation.Linear }), "Loss (--loss) = cross-entropy");
        Refused(() => new StackedAutoencoder(new StackedAutoencoderOptions { Hidden = [64] }), "Hidden (--hidden) = [64]");
        Refused(() => new ConvAutoencoder(new ConvAutoencoderOptions { Latent = 0 }), "Latent (--latent) = 0");
        Refused(() => new ConvAutoencoder(new ConvAutoencoderOptions { Channels = [16, 0] }), "Channels (--channels) = [16, 0]");
        Refused(() => new DenoisingAutoencoder(new DenoisingAutoencoderOptions { NoiseFraction = 1f }), "NoiseFraction (--noise-fraction) = 1");
        Refused(() => new DenoisingAutoencoder(new DenoisingAutoencoderOptions { NoiseFraction = -0.1f }), "NoiseFraction (--noise-fraction) = -0.1");
        Refused(() => new DenoisingAutoencoder(new DenoisingAutoencoderOptions { NoiseStd = float.NaN }), "NoiseStd (--noise-std) = NaN");
        Refused(() => new ContractiveAutoencoder(new ContractiveAutoencoderOptions { Lambda = -1f }), "Lambda (--lambda) = -1");
        Refused(() => new ContractiveAutoencoder(new ContractiveAutoencoderOptions { Hidden = [256, 64] }), "Hidden (--hidden) = [256, 64]");
        Refused(() => ModelRegistry.ParseOptions(ModelRegistry.Get("sparse-ae"), new Dictionary<string, string> { ["rho"] = "1.5" }), "Rho (--rho) = 1.5");
    }

    [Test]
    public void ImagesThatDoNotFitAreRefusedAtBuild()
    {
        using var acc = Cpu();
        using var conv = new ConvAutoencoder(new ConvAutoencoderOptions { BatchSize = 8 });
        var ex = Assert.Throws<ArgumentException>(() => conv.Build(acc, 30, 30, 10));
        Assert.That(ex!.Message, Does.Contain("divisible by 4").And.Contain("30×30"));
        using var three = new ConvAutoencoder(new ConvAutoencoderOptions { Channels = [4, 4, 4], BatchSize = 8 });
        Assert.That(Assert.Throws<ArgumentException>(() => three.Build(acc, 28, 28, 10))!.Message, Does.Contain("divisible by 8"));

        using var ae = new Autoencoder(new AutoencoderOptions { BatchSize = 8 });
        ae.Build(acc, 14, 14, 10);
        ex = Assert.Throws<ArgumentException>(() => new Trainer(ae, TinyData.Digits(64, 64), new TrainerOptions()));
        Assert.That(ex!.Message, Does.Contain("28×28").And.Contain("14×14"));
    }

    [Test]
    public void LinearAutoencoderClipsItsImagesButEvaluatesUnclipped()
    {
        using var acc = Cpu();
        using var ae = new Autoencoder(new AutoencoderOptions { Hidden = [8], Activation = HiddenActivation.Linear, Loss = ReconstructionLoss.Mse, BatchSize = 8 });
        ae.Build(acc, 28, 28, 10);
        var decoded = ae.Decode(Enumerable.Repeat(50f, 8).ToArray(), 1);
        Assert.That(decoded, Is.All.InRange(0f, 1f));
        Assert.That(decoded, Has.Some.EqualTo(0f).Or.Some.EqualTo(1f), "a code of 50s lands far outside [0, 1] before clipping");
    }
}
