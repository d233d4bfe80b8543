using KernelGen.Graph;
using KernelGen.Models.Data;

namespace KernelGen.Models.Vaes;

/// <summary>
/// A conditional VAE (MLP): the one-hot label is joined to the encoder input, [x | y] → hidden (ReLU) → μ, log σ², and
/// to the latent and the decoder's hidden layer, [z | y] → hidden (ReLU), [hidden | y] → logits. Loss per image: BCE summed
/// over pixels + β·KL (β = 5 by default, <see cref="ConditionalVaeOptions"/>). Sampling draws
/// z ~ N(0, I) and decodes it with the requested labels. A label outside the class range is reported when results are read.
/// </summary>
public sealed class ConditionalVae : GenerativeModel, IConditionalSampler, IConditionalLatentModel
{
    private CompiledGraph _train = null!, _encode = null!, _decode = null!;
    private Tensor _loss = null!, _bce = null!, _kl = null!, _mu = null!, _decoded = null!;
    private CompiledGraph? _eval;
    private Tensor? _evalBce, _evalKl;

    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public ConditionalVae(ConditionalVaeOptions? options = null) : base(options ?? new ConditionalVaeOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new ConditionalVaeOptions Options => (ConditionalVaeOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "cvae";

    /// <inheritdoc/>
    public override IReadOnlyList<string> LossNames { get; } = ["loss", "bce", "kl"];

    /// <inheritdoc/>
    public override bool UsesLabels => true;

    /// <summary>Latent dimensions.</summary>
    public int LatentSize => Options.Latent;

    // The label enters both decoder layers: given only beside z, the decoder learns to read the class from z as much
    // as from y, and samples drawn from the prior then stray across classes.
    private Tensor DecoderLogits(GraphBuilder g, Tensor z, Tensor oneHot) =>
        g.Linear(g.Concat(g.Relu(g.Linear(g.Concat(z, oneHot), Options.Hidden, "fc3")), oneHot), Pixels, "fc4");

    private Tensor Encoder(GraphBuilder g, Tensor x, Tensor oneHot, out Tensor logvar)
    {
        var h = g.Relu(g.Linear(g.Concat(x, oneHot), Options.Hidden, "fc1"));
        var mu = g.Linear(h, Options.Latent, "fc21");
        logvar = g.Linear(h, Options.Latent, "fc22");
        return mu;
    }

    private (Tensor Loss, Tensor Bce, Tensor Kl) Objective(GraphBuilder g, int batch)
    {
        var x = g.Input("x", batch, Pixels);
        var y = g.OneHot(g.IntInput("y", batch), Classes);
        var mu = Encoder(g, x, y, out var logvar);
        var logits = DecoderLogits(g, g.Reparameterize(mu, logvar), y);
        return VaeObjective.PerImage(g, logits, x, mu, logvar, Options.Beta, batch);
    }

    /// <inheritdoc/>
    protected override void CheckImageSize(int rows, int cols)
    {
        if (Classes < 1) throw new ArgumentException($"Model '{Kind}' is conditioned on class labels, but the data has {Classes} classes.");
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<CompiledGraph> BuildGraphs(Accelerator accelerator)
    {
        int batch = LocalBatch;
        var train = new GraphBuilder("cvae-train");
        (_loss, _bce, _kl) = Objective(train, batch);
        train.SetLoss(_loss);

        var encode = new GraphBuilder("cvae-encode");
        _mu = encode.MarkOutput(Encoder(encode, encode.Input("x", batch, Pixels), encode.OneHot(encode.IntInput("y", batch), Classes), out _));

        var decode = new GraphBuilder("cvae-decode");
        var y = decode.OneHot(decode.IntInput("y", batch), Classes);
        _decoded = decode.MarkOutput(decode.Sigmoid(DecoderLogits(decode, decode.Input("z", batch, Options.Latent), y)));

        var graphs = CompileWithAdam(accelerator, train, encode, decode);
        (_train, _encode, _decode) = (graphs[0], graphs[1], graphs[2]);
        return graphs;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InferenceParts => [PartNames.Encoder, PartNames.Decoder, PartNames.Model];

    /// <inheritdoc/>
    protected override InferencePart DeclarePartCore(string part, int batch)
    {
        var g = new GraphBuilder($"cvae-{part}");
        var y = g.OneHot(g.IntInput("y", batch), Classes);
        const string image = "image: pixel probabilities in [0, 1] for label y";
        switch (part)
        {
            case PartNames.Encoder:
                var mu = Encoder(g, g.Input("x", batch, Pixels), y, out var logvar);
                return new(part, g, [new("mu", mu), new("logvar", logvar)], "mu, logvar: the mean and log-variance of q(z|x, y)");
            case PartNames.Decoder:
                return Part(part, g, "image", g.Sigmoid(DecoderLogits(g, g.Input("z", batch, Options.Latent), y)), image);
            default:
                return Part(part, g, "image", g.Sigmoid(DecoderLogits(g, Encoder(g, g.Input("x", batch, Pixels), y, out _), y)), image + ", decoded from the mean latent of x");
        }
    }

    /// <inheritdoc/>
    protected override void TrainStepCore(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        _train.SetInput("x", images);
        _train.SetInput("y", labels);
        _train.Step();
        AccumulateLosses(_train, _loss, _bce, _kl);
    }

    /// <summary>Test loss per image (BCE + β·KL given the true labels, with a fixed sampled z), and its two terms.</summary>
    public override IReadOnlyDictionary<string, double> Evaluate(Dataset test)
    {
        int batch = BatchedRunner.EvalBatch(test.Count, 500);
        if (_eval is null || _eval.Graph.Inputs.First().Shape[0] != batch)
        {
            var g = new GraphBuilder($"cvae-eval-{batch}");
            var (loss, bce, kl) = Objective(g, batch);
            g.SetLoss(loss);
            (_evalBce, _evalKl) = (bce, kl);
            _eval = CompileExtra(g);
        }
        return VaeEvaluation.Run(_eval, _evalBce!, _evalKl!, test, batch, Options.Beta, withLabels: true);
    }

    /// <inheritdoc/>
    public float[] Sample(ReadOnlySpan<int> labels, ulong seed) =>
        Decode(HostNoise.Normal(labels.Length * Options.Latent, seed), labels);

    /// <summary>The mean latent μ of each image given its label.</summary>
    public float[] Encode(ReadOnlySpan<float> images, ReadOnlySpan<int> labels) =>
        BatchedRunner.Run(_encode, "x", _mu, images, labels.Length, Pixels, Options.Latent, "y", labels);

    /// <summary>Images (values in [0, 1]) decoded from one latent vector per label.</summary>
    public float[] Decode(ReadOnlySpan<float> latents, ReadOnlySpan<int> labels) =>
        BatchedRunner.Run(_decode, "z", _decoded, latents, labels.Length, Options.Latent, Pixels, "y", labels);
}
