using KernelGen.Graph;
using KernelGen.Kernels;
using KernelGen.Models.Data;

namespace KernelGen.Models.Vaes;

/// <summary>
/// The variational autoencoder of PyTorch's example: x → 400 (ReLU) → μ, log σ² (20) → z = μ + σ·ε → 400 (ReLU) →
/// 784 logits. Loss per image: BCE summed over pixels + β·KL(q(z|x) ‖ N(0, I)), averaged over the batch.
/// </summary>
public sealed class Vae : GenerativeModel, ISampler, IReconstructor, ILatentModel
{
    private CompiledGraph _train = null!, _encode = null!, _decode = null!;
    private Tensor _loss = null!, _bce = null!, _kl = null!, _mu = null!, _decoded = null!;
    private CompiledGraph? _eval;
    private Tensor? _evalBce, _evalKl;

    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public Vae(VaeOptions? options = null) : base(options ?? new VaeOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new VaeOptions Options => (VaeOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "vae";

    /// <inheritdoc/>
    public override IReadOnlyList<string> LossNames { get; } = ["loss", "bce", "kl"];

    /// <inheritdoc/>
    public int LatentSize => Options.Latent;

    private Tensor Encoder(GraphBuilder g, Tensor x, out Tensor logvar)
    {
        var h = g.Relu(g.Linear(x, Options.Hidden, "fc1"));
        logvar = g.Linear(h, Options.Latent, "fc22");
        return g.Linear(h, Options.Latent, "fc21");
    }

    private Tensor DecoderLogits(GraphBuilder g, Tensor z) =>
        g.Linear(g.Relu(g.Linear(z, Options.Hidden, "fc3")), Pixels, "fc4");

    private (Tensor Loss, Tensor Bce, Tensor Kl) Objective(GraphBuilder g, int batch)
    {
        var x = g.Input("x", batch, Pixels);
        var mu = Encoder(g, x, out var logvar);
        var logits = DecoderLogits(g, g.Reparameterize(mu, logvar));
        var bce = g.Scale(g.BinaryCrossEntropyWithLogits(logits, x, LossReduction.Sum), 1f / batch, "bce_per_image");
        var kl = g.Scale(g.GaussianKl(mu, logvar, LossReduction.Sum), 1f / batch, "kl_per_image");
        var loss = g.Add(bce, g.Scale(kl, Options.Beta, "beta_kl"), "loss");
        g.MarkOutput(bce);
        g.MarkOutput(kl);
        return (loss, bce, kl);
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<CompiledGraph> BuildGraphs(Accelerator accelerator)
    {
        int batch = Options.BatchSize;
        var train = new GraphBuilder("vae-train");
        (_loss, _bce, _kl) = Objective(train, batch);
        train.SetLoss(_loss);

        var encode = new GraphBuilder("vae-encode");
        _mu = encode.MarkOutput(Encoder(encode, encode.Input("x", batch, Pixels), out _));

        var decode = new GraphBuilder("vae-decode");
        _decoded = decode.MarkOutput(decode.Sigmoid(DecoderLogits(decode, decode.Input("z", batch, Options.Latent))));

        var graphs = Compiler.Compile(accelerator, new CompileOptions { Seed = Options.Seed }, train, encode, decode);
        (_train, _encode, _decode) = (graphs[0], graphs[1], graphs[2]);
        _train.Store.Group("default").UseOptimizer(new Adam(Options.LearningRate));
        return graphs;
    }

    /// <inheritdoc/>
    protected override void TrainStepCore(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        _train.SetInput("x", images);
        _train.Step();
        AccumulateLosses(_train, _loss, _bce, _kl);
    }

    /// <summary>Test loss per image (BCE + β·KL, with a sampled z as in training), and its two terms.</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(Dataset test)
    {
        int batch = BatchedRunner.EvalBatch(test.Count, 500);
        if (_eval is null || _eval.Graph.Inputs.First().Shape[0] != batch)
        {
            var g = new GraphBuilder($"vae-eval-{batch}");
            var (loss, bce, kl) = Objective(g, batch);
            g.SetLoss(loss);
            (_evalBce, _evalKl) = (bce, kl);
            _eval = CompileExtra(g);
        }
        _eval.Training = false;
        _eval.Random.Offset = 0; // the same ε every evaluation: the test loss depends on the parameters alone
        double bceSum = 0, klSum = 0;
        for (int start = 0; start < test.Count; start += batch)
        {
            _eval.SetInput("x", test.Images.AsSpan(start * Pixels, batch * Pixels));
            _eval.Forward();
            bceSum += _eval.Read(_evalBce!)[0] * (double)batch;
            klSum += _eval.Read(_evalKl!)[0] * (double)batch;
        }
        double n = test.Count;
        return new Dictionary<string, double>
        {
            ["test_loss"] = (bceSum + Options.Beta * klSum) / n,
            ["test_bce"] = bceSum / n,
            ["test_kl"] = klSum / n,
        };
    }

    /// <inheritdoc/>
    public float[] Sample(int count, ulong seed) => Decode(HostNoise.Normal(count * Options.Latent, seed), count);

    /// <inheritdoc/>
    public float[] Encode(ReadOnlySpan<float> images, int count) =>
        BatchedRunner.Run(_encode, "x", _mu, images, count, Pixels, Options.Latent);

    /// <inheritdoc/>
    public float[] Decode(ReadOnlySpan<float> latents, int count) =>
        BatchedRunner.Run(_decode, "z", _decoded, latents, count, Options.Latent, Pixels);

    /// <summary>Decodes the mean latent of each image.</summary>
    public float[] Reconstruct(ReadOnlySpan<float> images, int count) => Decode(Encode(images, count), count);
}
