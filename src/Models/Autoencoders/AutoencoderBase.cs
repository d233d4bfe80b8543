using KernelGen.Graph;
using KernelGen.Kernels;
using KernelGen.Models.Data;
using KernelGen.Models.Uses;

namespace KernelGen.Models.Autoencoders;

/// <summary>
/// What every autoencoder shares: a training graph (input → optional corruption → encoder → code → decoder,
/// reconstruction loss against the clean input plus an optional penalty on the code), encode and decode graphs
/// compiled with it on the same parameters, an evaluation graph compiled on first use, and reconstruction error as
/// the anomaly score. Subclasses declare the encoder, the decoder, the corruption and the penalty.
/// </summary>
public abstract class AutoencoderBase : GenerativeModel, IReconstructor, ILatentModel, IAnomalyScorer
{
    private CompiledGraph _train = null!, _encode = null!, _decode = null!;
    private Objective _trainTerms = null!;
    private Tensor _code = null!, _decoded = null!;
    private CompiledGraph? _eval;
    private Objective? _evalTerms;
    private IReadOnlyList<string>? _lossNames;

    /// <summary>Validates and keeps the options.</summary>
    protected AutoencoderBase(ModelOptions options) : base(options) { }

    /// <inheritdoc/>
    public override IReadOnlyList<string> LossNames => _lossNames ??= HasPenalty ? ["loss", "reconstruction", PenaltyName] : ["loss"];

    /// <summary>Dimensions of the code.</summary>
    public abstract int LatentSize { get; }

    /// <summary>The reconstruction loss.</summary>
    protected abstract ReconstructionLoss LossKind { get; }

    /// <summary>Whether the decoder's last layer goes through a sigmoid (otherwise it is the output itself, as in a linear autoencoder).</summary>
    protected virtual bool SigmoidOutput => true;

    /// <summary>Whether <see cref="Penalty"/> adds a term to the loss.</summary>
    protected virtual bool HasPenalty => false;

    /// <summary>Name of the penalty in <see cref="LossNames"/> and evaluation metrics.</summary>
    protected virtual string PenaltyName => "penalty";

    /// <summary>The code (batch, <see cref="LatentSize"/>) of images <paramref name="x"/> (batch, pixels).</summary>
    protected abstract Tensor Encoder(GraphBuilder g, Tensor x);

    /// <summary>The decoder's last layer before the output non-linearity (batch, pixels), from a code.</summary>
    protected abstract Tensor DecoderPreActivation(GraphBuilder g, Tensor code);

    /// <summary>The input the encoder sees during training (the identity in evaluation mode); the clean input by default.</summary>
    protected virtual Tensor Corrupt(GraphBuilder g, Tensor x) => x;

    /// <summary>A scalar penalty on the code (per image), added to the loss when <see cref="HasPenalty"/>.</summary>
    protected virtual Tensor? Penalty(GraphBuilder g, Tensor code) => null;

    private sealed record Objective(Tensor Loss, Tensor Reconstruction, Tensor? Penalty, Tensor? SquaredError);

    private Objective Declare(GraphBuilder g, int batch, bool withSquaredError)
    {
        var x = g.Input("x", batch, Pixels);
        var code = Encoder(g, Corrupt(g, x));
        var pre = DecoderPreActivation(g, code);
        var output = SigmoidOutput ? g.Sigmoid(pre, "output") : pre;
        var reconstruction = LossKind == ReconstructionLoss.CrossEntropy
            ? SigmoidOutput ? g.BinaryCrossEntropyWithLogits(pre, x, LossReduction.Sum) : g.BinaryCrossEntropy(output, x, LossReduction.Sum)
            : g.Mse(output, x, LossReduction.Sum);
        reconstruction = g.Scale(reconstruction, 1f / batch, "reconstruction_per_image");
        var penalty = HasPenalty ? Penalty(g, code) : null;
        var loss = penalty is null ? reconstruction : g.Add(reconstruction, penalty, "loss");
        Tensor? squared = null;
        if (withSquaredError)
            squared = LossKind == ReconstructionLoss.Mse ? reconstruction
                : g.MarkOutput(g.Scale(g.Mse(output, x, LossReduction.Sum), 1f / batch, "squared_error_per_image"));
        g.MarkOutput(reconstruction);
        if (penalty is not null) g.MarkOutput(penalty);
        g.SetLoss(loss);
        return new Objective(loss, reconstruction, penalty, squared);
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<CompiledGraph> BuildGraphs(Accelerator accelerator)
    {
        var train = new GraphBuilder($"{Kind}-train");
        _trainTerms = Declare(train, LocalBatch, withSquaredError: false);

        var encode = new GraphBuilder($"{Kind}-encode");
        _code = encode.MarkOutput(Encoder(encode, encode.Input("x", Options.BatchSize, Pixels)));

        var decode = new GraphBuilder($"{Kind}-decode");
        _decoded = decode.MarkOutput(DecoderOutput(decode, decode.Input("z", Options.BatchSize, LatentSize)));

        var graphs = CompileWithAdam(accelerator, train, encode, decode);
        (_train, _encode, _decode) = (graphs[0], graphs[1], graphs[2]);
        return graphs;
    }

    private Tensor DecoderOutput(GraphBuilder g, Tensor code)
    {
        var pre = DecoderPreActivation(g, code);
        return SigmoidOutput ? g.Sigmoid(pre, "output") : pre;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InferenceParts => [PartNames.Encoder, PartNames.Decoder, PartNames.Model];

    /// <inheritdoc/>
    protected override InferencePart DeclarePartCore(string part, int batch)
    {
        var g = new GraphBuilder($"{Kind}-{part}");
        string image = SigmoidOutput ? "image: pixel probabilities in [0, 1]" : "image: the linear decoder's output (clip to [0, 1] for pixels)";
        return part switch
        {
            PartNames.Encoder => Part(part, g, "z", Encoder(g, g.Input("x", batch, Pixels)), "z: the code"),
            PartNames.Decoder => Part(part, g, "image", DecoderOutput(g, g.Input("z", batch, LatentSize)), image),
            _ => Part(part, g, "image", DecoderOutput(g, Encoder(g, g.Input("x", batch, Pixels))), image + ", reconstructed from x"),
        };
    }

    /// <inheritdoc/>
    protected override void TrainStepCore(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        _train.SetInput("x", images);
        _train.Step();
        if (_trainTerms.Penalty is { } penalty) AccumulateLosses(_train, _trainTerms.Loss, _trainTerms.Reconstruction, penalty);
        else AccumulateLosses(_train, _trainTerms.Loss);
    }

    /// <summary>
    /// Held-out metrics on clean inputs (no corruption): <c>test_loss</c> (the training objective per image),
    /// <c>test_mse</c> (squared error per pixel), and with a penalty <c>test_reconstruction</c> and <c>test_{penalty}</c>.
    /// They depend on the parameters alone.
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(Dataset test)
    {
        int batch = BatchedRunner.EvalBatch(test.Count, 500);
        if (_eval is null || _eval.Graph.Inputs.First().Shape[0] != batch)
        {
            var g = new GraphBuilder($"{Kind}-eval-{batch}");
            _evalTerms = Declare(g, batch, withSquaredError: true);
            _eval = CompileExtra(g);
        }
        var terms = _evalTerms!;
        _eval.Training = false;
        _eval.Random.Position = 0;
        double reconstruction = 0, penalty = 0, squared = 0;
        for (int start = 0; start < test.Count; start += batch)
        {
            _eval.SetInput("x", test.Images.AsSpan(start * Pixels, batch * Pixels));
            _eval.Forward();
            reconstruction += _eval.Read(terms.Reconstruction)[0] * (double)batch;
            squared += _eval.Read(terms.SquaredError!)[0] * (double)batch;
            if (terms.Penalty is { } p) penalty += _eval.Read(p)[0] * (double)batch;
        }
        double n = test.Count;
        var metrics = new Dictionary<string, double>
        {
            ["test_loss"] = (reconstruction + penalty) / n,
            ["test_mse"] = squared / n / Pixels,
        };
        if (HasPenalty)
        {
            metrics["test_reconstruction"] = reconstruction / n;
            metrics[$"test_{PenaltyName}"] = penalty / n;
        }
        return metrics;
    }

    /// <inheritdoc/>
    public float[] Encode(ReadOnlySpan<float> images, int count) =>
        BatchedRunner.Run(_encode, "x", _code, images, count, Pixels, LatentSize);

    /// <summary>Images decoded from codes; a linear autoencoder's output is clipped to [0, 1].</summary>
    public float[] Decode(ReadOnlySpan<float> latents, int count)
    {
        var images = BatchedRunner.Run(_decode, "z", _decoded, latents, count, LatentSize, Pixels);
        if (!SigmoidOutput)
            for (int i = 0; i < images.Length; i++) images[i] = Math.Clamp(images[i], 0f, 1f);
        return images;
    }

    /// <summary>Decodes the code of each (clean) image.</summary>
    public float[] Reconstruct(ReadOnlySpan<float> images, int count) => Decode(Encode(images, count), count);

    /// <summary>The squared reconstruction error per pixel of each image.</summary>
    public float[] AnomalyScores(ReadOnlySpan<float> images, int count) => AnomalyDetection.ReconstructionErrors(this, images, count, Pixels);
}
