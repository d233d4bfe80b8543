using KernelGen.Graph;
using KernelGen.Models.Data;

namespace KernelGen.Models.Vaes;

/// <summary>
/// A convolutional VAE with β: x (1×H×W) → conv C, 4×4 stride 2 (H/2) → ReLU → conv 2C, 4×4 stride 2 (H/4) → ReLU →
/// μ, log σ² (Linear); z → Linear 2C·(H/4)·(W/4) → ReLU → transposed conv C (H/2) → ReLU → transposed conv 1 (H) →
/// logits. Loss per image: BCE summed over pixels + β·KL. Image sides must be multiples of 4 (28×28 works).
/// </summary>
public sealed class ConvVae : GenerativeModel, ISampler, IReconstructor, ILatentModel
{
    private CompiledGraph _train = null!, _encode = null!, _decode = null!;
    private Tensor _loss = null!, _bce = null!, _kl = null!, _mu = null!, _decoded = null!;
    private CompiledGraph? _eval;
    private Tensor? _evalBce, _evalKl;

    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public ConvVae(ConvVaeOptions? options = null) : base(options ?? new ConvVaeOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new ConvVaeOptions Options => (ConvVaeOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "conv-vae";

    /// <inheritdoc/>
    public override IReadOnlyList<string> LossNames { get; } = ["loss", "bce", "kl"];

    /// <inheritdoc/>
    public int LatentSize => Options.Latent;

    /// <inheritdoc/>
    protected override void CheckImageSize(int rows, int cols)
    {
        if (rows % 4 != 0 || cols % 4 != 0)
            throw new ArgumentException($"Model '{Kind}' halves the image twice with stride-2 convolutions, so its sides must be multiples of 4 (e.g. 28×28); got {rows}×{cols}.");
    }

    private Tensor Encoder(GraphBuilder g, Tensor x, out Tensor logvar)
    {
        int c = Options.Channels;
        var h = g.Relu(g.Conv2d(x, c, 4, "enc.conv1", stride: 2, padding: 1));
        h = g.Flatten(g.Relu(g.Conv2d(h, 2 * c, 4, "enc.conv2", stride: 2, padding: 1)));
        logvar = g.Linear(h, Options.Latent, "enc.logvar");
        return g.Linear(h, Options.Latent, "enc.mu");
    }

    private Tensor DecoderLogits(GraphBuilder g, Tensor z)
    {
        int c = Options.Channels, batch = z.Shape[0];
        var h = g.Relu(g.Linear(z, 2 * c * (Rows / 4) * (Cols / 4), "dec.fc"));
        h = g.Reshape(h, new Shape(batch, 2 * c, Rows / 4, Cols / 4));
        h = g.Relu(g.ConvTranspose2d(h, c, 4, "dec.deconv1", stride: 2, padding: 1));
        return g.ConvTranspose2d(h, 1, 4, "dec.deconv2", stride: 2, padding: 1);
    }

    private (Tensor Loss, Tensor Bce, Tensor Kl) Objective(GraphBuilder g, int batch)
    {
        var x = g.Input("x", batch, 1, Rows, Cols);
        var mu = Encoder(g, x, out var logvar);
        var logits = DecoderLogits(g, g.Reparameterize(mu, logvar));
        return VaeObjective.PerImage(g, logits, x, mu, logvar, Options.Beta, batch);
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<CompiledGraph> BuildGraphs(Accelerator accelerator)
    {
        int batch = Options.BatchSize;
        var train = new GraphBuilder("conv-vae-train");
        (_loss, _bce, _kl) = Objective(train, batch);
        train.SetLoss(_loss);

        var encode = new GraphBuilder("conv-vae-encode");
        _mu = encode.MarkOutput(Encoder(encode, encode.Input("x", batch, 1, Rows, Cols), out _));

        var decode = new GraphBuilder("conv-vae-decode");
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

    /// <summary>Test loss per image (BCE + β·KL, with a fixed sampled z), and its two terms.</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(Dataset test)
    {
        int batch = BatchedRunner.EvalBatch(test.Count, 250);
        if (_eval is null || _eval.Graph.Inputs.First().Shape[0] != batch)
        {
            var g = new GraphBuilder($"conv-vae-eval-{batch}");
            var (loss, bce, kl) = Objective(g, batch);
            g.SetLoss(loss);
            (_evalBce, _evalKl) = (bce, kl);
            _eval = CompileExtra(g);
        }
        return VaeEvaluation.Run(_eval, _evalBce!, _evalKl!, test, batch, Options.Beta, withLabels: false);
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
