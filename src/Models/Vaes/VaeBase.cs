using KernelGen.Graph;
using KernelGen.Models.Data;

namespace KernelGen.Models.Vaes;

/// <summary>
/// What every unconditional VAE shares: the per-image objective (BCE summed over pixels + β·KL, averaged over the
/// batch), a training graph compiled with an encoder graph (x → μ) and a decoder graph (z → image), an evaluation
/// graph whose ε is the same at every evaluation, and sampling from the prior. Subclasses give the input shape,
/// the encoder and the decoder.
/// </summary>
public abstract class VaeBase : GenerativeModel, ISampler, IReconstructor, ILatentModel
{
    private CompiledGraph _train = null!, _encode = null!, _decode = null!;
    private Tensor _loss = null!, _bce = null!, _kl = null!, _mu = null!, _decoded = null!;
    private CompiledGraph? _eval;
    private Tensor? _evalBce, _evalKl;

    /// <summary>Validates and keeps the options.</summary>
    protected VaeBase(ModelOptions options) : base(options) { }

    /// <inheritdoc/>
    public override IReadOnlyList<string> LossNames { get; } = ["loss", "bce", "kl"];

    /// <inheritdoc/>
    public abstract int LatentSize { get; }

    /// <summary>Weight of the KL term.</summary>
    protected abstract float Beta { get; }

    /// <summary>Largest evaluation batch (a divisor of the test set's size is used).</summary>
    protected virtual int EvaluationBatchCap => 500;

    /// <summary>Declares the image input of a graph for <paramref name="batch"/> images.</summary>
    protected abstract Tensor ImageInput(GraphBuilder g, int batch);

    /// <summary>The encoder: returns μ and gives log σ².</summary>
    protected abstract Tensor Encoder(GraphBuilder g, Tensor x, out Tensor logvar);

    /// <summary>The decoder: pixel logits, in the shape of <see cref="ImageInput"/>.</summary>
    protected abstract Tensor DecoderLogits(GraphBuilder g, Tensor z);

    private (Tensor Loss, Tensor Bce, Tensor Kl) Objective(GraphBuilder g, int batch)
    {
        var x = ImageInput(g, batch);
        var mu = Encoder(g, x, out var logvar);
        var logits = DecoderLogits(g, g.Reparameterize(mu, logvar));
        return VaeObjective.PerImage(g, logits, x, mu, logvar, Beta, batch);
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<CompiledGraph> BuildGraphs(Accelerator accelerator)
    {
        int batch = LocalBatch;
        var train = new GraphBuilder($"{Kind}-train");
        (_loss, _bce, _kl) = Objective(train, batch);
        train.SetLoss(_loss);

        var encode = new GraphBuilder($"{Kind}-encode");
        _mu = encode.MarkOutput(Encoder(encode, ImageInput(encode, batch), out _));

        var decode = new GraphBuilder($"{Kind}-decode");
        _decoded = decode.MarkOutput(decode.Sigmoid(DecoderLogits(decode, decode.Input("z", batch, LatentSize))));

        var graphs = CompileWithAdam(accelerator, train, encode, decode);
        (_train, _encode, _decode) = (graphs[0], graphs[1], graphs[2]);
        return graphs;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InferenceParts => [PartNames.Encoder, PartNames.Decoder, PartNames.Model];

    /// <inheritdoc/>
    protected override InferencePart DeclarePartCore(string part, int batch)
    {
        var g = new GraphBuilder($"{Kind}-{part}");
        const string image = "image: pixel probabilities in [0, 1]";
        switch (part)
        {
            case PartNames.Encoder:
                var mu = Encoder(g, ImageInput(g, batch), out var logvar);
                return new(part, g, [new("mu", mu), new("logvar", logvar)], "mu, logvar: the mean and log-variance of q(z|x)");
            case PartNames.Decoder:
                return Part(part, g, "image", g.Sigmoid(DecoderLogits(g, g.Input("z", batch, LatentSize))), image);
            default:
                return Part(part, g, "image", g.Sigmoid(DecoderLogits(g, Encoder(g, ImageInput(g, batch), out _))), image + ", decoded from the mean latent of x");
        }
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
        int batch = BatchedRunner.EvalBatch(test.Count, EvaluationBatchCap);
        if (_eval is null || _eval.Graph.Inputs.First().Shape[0] != batch)
        {
            var g = new GraphBuilder($"{Kind}-eval-{batch}");
            var (loss, bce, kl) = Objective(g, batch);
            g.SetLoss(loss);
            (_evalBce, _evalKl) = (bce, kl);
            _eval = CompileExtra(g);
        }
        return VaeEvaluation.Run(_eval, _evalBce!, _evalKl!, test, batch, Beta, withLabels: false);
    }

    /// <inheritdoc/>
    public float[] Sample(int count, ulong seed) => Decode(HostNoise.Normal(HostArrays.Length(count, LatentSize, "latent vectors"), seed), count);

    /// <inheritdoc/>
    public float[] Encode(ReadOnlySpan<float> images, int count) =>
        BatchedRunner.Run(_encode, "x", _mu, images, count, Pixels, LatentSize);

    /// <inheritdoc/>
    public float[] Decode(ReadOnlySpan<float> latents, int count) =>
        BatchedRunner.Run(_decode, "z", _decoded, latents, count, LatentSize, Pixels);

    /// <summary>Decodes the mean latent of each image.</summary>
    public float[] Reconstruct(ReadOnlySpan<float> images, int count) => Decode(Encode(images, count), count);
}
