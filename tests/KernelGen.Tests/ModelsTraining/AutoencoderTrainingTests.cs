using KernelGen.Models;
using KernelGen.Models.Autoencoders;
using KernelGen.Models.Training;
using KernelGen.Tests.Support;

namespace KernelGen.Tests.ModelsTraining;

/// <summary>Every autoencoder learns on real digits; tied weights, sparsity and denoising do what they claim.</summary>
public sealed class AutoencoderTrainingTests
{
    private static Accelerator Cpu() => TestDevices.Context.GetDevice("cpu").CreateAccelerator();

    public static IEnumerable<TestCaseData> Models()
    {
        yield return new TestCaseData((Func<AutoencoderBase>)(() => new Autoencoder(new AutoencoderOptions { Hidden = [64], BatchSize = 32, Seed = 3 }))).SetName("ae sigmoid BCE");
        yield return new TestCaseData((Func<AutoencoderBase>)(() => new Autoencoder(new AutoencoderOptions { Hidden = [64], TiedWeights = true, Loss = ReconstructionLoss.Mse, BatchSize = 32, Seed = 3 }))).SetName("ae tied MSE");
        yield return new TestCaseData((Func<AutoencoderBase>)(() => new Autoencoder(new AutoencoderOptions { Hidden = [32], Activation = HiddenActivation.Linear, Loss = ReconstructionLoss.Mse, BatchSize = 32, Seed = 3 }))).SetName("ae linear");
        yield return new TestCaseData((Func<AutoencoderBase>)(() => new Autoencoder(new AutoencoderOptions { Hidden = [1000], BatchSize = 32, Seed = 3 }))).SetName("ae overcomplete");
        yield return new TestCaseData((Func<AutoencoderBase>)(() => new StackedAutoencoder(new StackedAutoencoderOptions { Hidden = [128, 32], BatchSize = 32, Seed = 3 }))).SetName("stacked-ae");
        yield return new TestCaseData((Func<AutoencoderBase>)(() => new SparseAutoencoder(new SparseAutoencoderOptions { Hidden = [64], BatchSize = 32, Seed = 3 }))).SetName("sparse-ae KL");
        yield return new TestCaseData((Func<AutoencoderBase>)(() => new SparseAutoencoder(new SparseAutoencoderOptions { Hidden = [64], Sparsity = SparsityKind.L1, BatchSize = 32, Seed = 3 }))).SetName("sparse-ae L1");
        yield return new TestCaseData((Func<AutoencoderBase>)(() => new DenoisingAutoencoder(new DenoisingAutoencoderOptions { Hidden = [64], BatchSize = 32, Seed = 3 }))).SetName("denoising-ae masking");
        yield return new TestCaseData((Func<AutoencoderBase>)(() => new DenoisingAutoencoder(new DenoisingAutoencoderOptions { Hidden = [64], Noise = NoiseKind.Gaussian, BatchSize = 32, Seed = 3 }))).SetName("denoising-ae gaussian");
        yield return new TestCaseData((Func<AutoencoderBase>)(() => new ContractiveAutoencoder(new ContractiveAutoencoderOptions { Hidden = [64], BatchSize = 32, Seed = 3 }))).SetName("contractive-ae");
        yield return new TestCaseData((Func<AutoencoderBase>)(() => new ConvAutoencoder(new ConvAutoencoderOptions { Channels = [8, 16], BatchSize = 32, Seed = 3 }))).SetName("conv-ae transposed");
        yield return new TestCaseData((Func<AutoencoderBase>)(() => new ConvAutoencoder(new ConvAutoencoderOptions { Channels = [8, 16], Decoder = ConvDecoder.UpsampleConv, Loss = ReconstructionLoss.Mse, BatchSize = 32, Seed = 3 }))).SetName("conv-ae upsample MSE");
    }

    [TestCaseSource(nameof(Models))]
    public void TestErrorFallsAtLeastTwofoldInThreeEpochs(Func<AutoencoderBase> create)
    {
        // Untrained, outputs near 0.5 (or a random linear map) give a squared error of about 0.2 per pixel; predicting
        // the mean digit gives 0.067, and any autoencoder that learned to reconstruct is well below half the start.
        using var acc = Cpu();
        using var model = create();
        var data = TinyData.Digits(1024, 256);
        model.Build(acc, data.Train);
        double before = model.Evaluate(data.Test)["test_mse"];
        var result = new Trainer(model, data, new TrainerOptions { Epochs = 3 }).Run();
        double after = result.Reports[^1].Test["test_mse"];
        TestContext.Progress.WriteLine($"{model.Kind}: test MSE {before:F4} -> {after:F4}");
        Assert.That(after, Is.LessThan(before / 2));
        Assert.That(result.Reports[^1].TrainLosses.Keys, Is.EquivalentTo(model.LossNames));
        Assert.That(model.Evaluate(data.Test), Is.EqualTo(model.Evaluate(data.Test)), "evaluation depends on the parameters alone");
        var recon = model.Reconstruct(data.Test.Images, 37);
        Assert.That(recon, Has.Length.EqualTo(37 * 784));
        Assert.That(recon, Is.All.InRange(0f, 1f));
        Assert.That(model.Encode(data.Test.Images, 37), Has.Length.EqualTo(37 * model.LatentSize));
        Assert.That(model.AnomalyScores(data.Test.Images, 5), Has.Length.EqualTo(5).And.All.GreaterThanOrEqualTo(0f));
    }

    [Test]
    public void TiedWeightsShareTheEncoderWeight()
    {
        using var acc = Cpu();
        using var tied = new Autoencoder(new AutoencoderOptions { Hidden = [128, 16], TiedWeights = true, BatchSize = 16 });
        using var untied = new Autoencoder(new AutoencoderOptions { Hidden = [128, 16], BatchSize = 16 });
        tied.Build(acc, 28, 28, 10);
        untied.Build(acc, 28, 28, 10);
        Assert.That(tied.Store.Contains("dec0.weight") || tied.Store.Contains("dec1.weight"), Is.False);
        Assert.That(tied.Store.Contains("dec0.bias") && tied.Store.Contains("dec1.bias"), Is.True);
        Assert.That(untied.Store.Count - tied.Store.Count, Is.EqualTo(784 * 128 + 128 * 16), "the decoder owns no weight matrix");

        // With enc0.weight zeroed, the decoder's last layer sees Wᵀ = 0: every code decodes to sigmoid(dec0.bias).
        tied.Store.Write("enc0.weight", new float[128 * 784]);
        var codes = Enumerable.Range(0, 3 * 16).Select(i => (float)Math.Sin(i)).ToArray();
        var images = tied.Decode(codes, 3);
        var bias = tied.Store.Read("dec0.bias");
        for (int n = 0; n < 3; n++)
            for (int j = 0; j < 784; j++)
                Assert.That(images[n * 784 + j], Is.EqualTo(1 / (1 + MathF.Exp(-bias[j]))).Within(1e-6f));
    }

    [Test]
    public void TiedWeightGetsGradientsFromEncoderAndDecoder()
    {
        // Training a tied model changes enc0.weight exactly as much as it can: a step moves the shared matrix, and the
        // encoder and the decoder both see the moved values.
        using var acc = Cpu();
        using var tied = new Autoencoder(new AutoencoderOptions { Hidden = [32], TiedWeights = true, BatchSize = 32, Seed = 2 });
        var data = TinyData.Digits(256, 64);
        tied.Build(acc, data.Train);
        var before = tied.Store.Read("enc0.weight");
        var decodedBefore = tied.Decode(new float[32], 1);
        new Trainer(tied, data, new TrainerOptions { Epochs = 1 }).Run();
        Assert.That(tied.Store.Read("enc0.weight"), Is.Not.EqualTo(before));
        Assert.That(tied.Decode(new float[32], 1), Is.Not.EqualTo(decodedBefore), "the decoder uses the trained weight (and bias)");
    }

    [Test]
    public void SparseAutoencoderMovesTheMeanActivationTowardRho()
    {
        using var acc = Cpu();
        var options = new SparseAutoencoderOptions { Hidden = [100], Rho = 0.05f, Beta = 3, BatchSize = 32, Seed = 4 };
        using var ae = new SparseAutoencoder(options);
        var data = TinyData.Digits(1024, 256);
        ae.Build(acc, data.Train);
        double before = ae.MeanActivation(data.Test);
        new Trainer(ae, data, new TrainerOptions { Epochs = 3 }).Run();
        double after = ae.MeanActivation(data.Test);
        TestContext.Progress.WriteLine($"sparse-ae mean activation {before:F4} -> {after:F4} (ρ = {options.Rho})");
        Assert.That(Math.Abs(after - options.Rho), Is.LessThan(Math.Abs(before - options.Rho) / 3));
    }

    [Test]
    public void DenoisingCorruptsInTrainingOnly()
    {
        using var acc = Cpu();
        using var dae = new DenoisingAutoencoder(new DenoisingAutoencoderOptions { Hidden = [32], NoiseFraction = 0.5f, BatchSize = 32, Seed = 6 });
        var data = TinyData.Digits(64, 256);
        dae.Build(acc, data.Train);
        var clean = data.Test.Images;
        var noisy = dae.Corrupted(clean, data.Test.Count);
        var again = dae.Corrupted(clean, data.Test.Count);
        Assert.That(noisy, Is.Not.EqualTo(again), "fresh noise each training step");
        int inked = 0, masked = 0;
        for (int i = 0; i < clean.Length; i++)
        {
            if (clean[i] == 0) continue;
            inked++;
            if (noisy[i] == 0) masked++;
            else Assert.That(noisy[i], Is.EqualTo(clean[i]), "masking keeps survivors unscaled");
        }
        Assert.That(masked / (double)inked, Is.EqualTo(0.5).Within(0.02));
        // Evaluation, encoding and reconstruction see the clean input: deterministic, and the same as an untied plain path.
        Assert.That(dae.Reconstruct(clean, 40), Is.EqualTo(dae.Reconstruct(clean, 40)));
        Assert.That(dae.Reconstruct(clean, 40), Is.EqualTo(dae.Decode(dae.Encode(clean, 40), 40)));
        Assert.That(dae.Evaluate(data.Test)["test_mse"], Is.EqualTo(dae.Evaluate(data.Test)["test_mse"]));
        Assert.That(dae.Encode(noisy, 40), Is.Not.EqualTo(dae.Encode(clean, 40)));
    }
}
