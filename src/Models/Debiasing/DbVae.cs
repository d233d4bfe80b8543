using KernelGen.Graph;
using KernelGen.Kernels;
using KernelGen.Models.Data;

namespace KernelGen.Models.Debiasing;

/// <summary>
/// The debiasing VAE (Amini et al., 2019) on a binary task — an image is positive when its class is one of
/// <see cref="DbVaeOptions.PositiveClasses"/>. A convolutional encoder gives a class logit and a VAE's μ and log σ²;
/// the decoder reconstructs the positives only. Loss per image: the classification's BCE (weighted by
/// <see cref="DbVaeOptions.ClassWeight"/>), plus for positives the
/// reconstruction's BCE summed over pixels and β·KL (negatives' latents and reconstructions are masked to zero, so they
/// add nothing and pass no gradient). With <see cref="DbVaeOptions.Debias"/> each epoch draws the positives in
/// proportion to the inverse of their latent density (<see cref="LatentDensity"/>) and the negatives uniformly, the
/// positives keeping their share of the batches. The classifier is the encoder's logit (<see cref="PositiveProbability"/>).
/// </summary>
public sealed class DbVae : GenerativeModel, ISampler, IReconstructor, ILatentModel, IResamplingModel
{
    private CompiledGraph _train = null!, _encode = null!, _classify = null!, _decode = null!;
    private Tensor _loss = null!, _class = null!, _recon = null!, _kl = null!, _mu = null!, _logit = null!, _decoded = null!;
    private CompiledGraph? _eval;
    private Tensor? _evalClass, _evalRecon, _evalKl, _evalLogit;
    private float[] _positive = [];

    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public DbVae(DbVaeOptions? options = null) : base(options ?? new DbVaeOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new DbVaeOptions Options => (DbVaeOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "db-vae";

    /// <inheritdoc/>
    public override IReadOnlyList<string> LossNames { get; } = ["loss", "class", "recon", "kl"];

    /// <inheritdoc/>
    public override bool UsesLabels => true;

    /// <inheritdoc/>
    public int LatentSize => Options.Latent;

    /// <summary>The latest epoch's sampling weights (one per training example), or null before the first or without debiasing.</summary>
    public double[]? LastSampleWeights { get; private set; }

    /// <summary>Whether <paramref name="label"/> is of the positive class.</summary>
    public bool IsPositive(int label) => Array.IndexOf(Options.PositiveClasses, label) >= 0;

    /// <inheritdoc/>
    protected override void CheckImageSize(int rows, int cols)
    {
        if (rows % 4 != 0 || cols % 4 != 0)
            throw new ArgumentException($"Model '{Kind}' halves the image twice with stride-2 convolutions, so its sides must be multiples of 4 (e.g. 28×28); got {rows}×{cols}.");
        if (Options.PositiveClasses.Max() >= Classes)
            throw new ArgumentException($"Model '{Kind}': positive class {Options.PositiveClasses.Max()} (--positive-classes) is not a class of the data, which has {Classes} (0 to {Classes - 1}).");
    }

    /// <summary>Class logit (N, 1), μ and log σ² (N, latent) of images (N, 1, rows, cols).</summary>
    private (Tensor Logit, Tensor Mu, Tensor Logvar) Encoder(GraphBuilder g, Tensor x)
    {
        int c = Options.Channels, latent = Options.Latent;
        var h = g.Relu(g.Conv2d(x, c, 4, "enc.conv1", stride: 2, padding: 1));
        h = g.Flatten(g.Relu(g.Conv2d(h, 2 * c, 4, "enc.conv2", stride: 2, padding: 1)));
        var (logit, moments) = g.Split(g.Linear(h, 1 + 2 * latent, "enc.head"), 1, "enc.logit");
        var (mu, logvar) = g.Split(moments, latent, "enc.moments");
        return (logit, mu, logvar);
    }

    private Tensor Decoder(GraphBuilder g, Tensor z)
    {
        int c = Options.Channels, batch = z.Shape[0];
        var h = g.Relu(g.Linear(z, 2 * c * (Rows / 4) * (Cols / 4), "dec.fc"));
        h = g.Reshape(h, new Shape(batch, 2 * c, Rows / 4, Cols / 4));
        h = g.Relu(g.ConvTranspose2d(h, c, 4, "dec.deconv1", stride: 2, padding: 1));
        return g.Sigmoid(g.ConvTranspose2d(h, 1, 4, "dec.deconv2", stride: 2, padding: 1));
    }

    private (Tensor Loss, Tensor Class, Tensor Recon, Tensor Kl, Tensor Logit) Objective(GraphBuilder g, int batch)
    {
        var x = g.Input("x", batch, 1, Rows, Cols);
        var positive = g.Input("positive", batch, 1);
        var (logit, mu, logvar) = Encoder(g, x);
        var cls = g.BinaryCrossEntropyWithLogits(logit, positive, LossReduction.Mean, "class");
        var latentMask = g.Reshape(g.ExpandToChannels(positive, Options.Latent, 1, "latent_mask"), new Shape(batch, Options.Latent));
        var (muP, logvarP) = (g.Multiply(mu, latentMask, "mu_positive"), g.Multiply(logvar, latentMask, "logvar_positive"));
        var imageMask = g.ExpandToChannels(positive, Rows, Cols, "image_mask");
        var decoded = g.Multiply(Decoder(g, g.Reparameterize(muP, logvarP)), imageMask, "decoded_positive");
        var recon = g.Scale(g.BinaryCrossEntropy(decoded, g.Multiply(x, imageMask, "x_positive"), LossReduction.Sum), 1f / batch, "recon");
        var kl = g.Scale(g.GaussianKl(muP, logvarP, LossReduction.Sum), 1f / batch, "kl");
        var loss = g.Add(g.Add(g.Scale(cls, Options.ClassWeight, "weighted_class"), recon), g.Scale(kl, Options.Beta, "beta_kl"), "loss");
        foreach (var t in new[] { cls, recon, kl, logit }) g.MarkOutput(t);
        return (loss, cls, recon, kl, logit);
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<CompiledGraph> BuildGraphs(Accelerator accelerator)
    {
        int batch = LocalBatch;
        var train = new GraphBuilder("db-vae-train");
        (_loss, _class, _recon, _kl, _) = Objective(train, batch);
        train.SetLoss(_loss);
        var encode = new GraphBuilder("db-vae-encode");
        _mu = encode.MarkOutput(Encoder(encode, encode.Input("x", batch, 1, Rows, Cols)).Mu);
        var classify = new GraphBuilder("db-vae-classify");
        _logit = classify.MarkOutput(Encoder(classify, classify.Input("x", batch, 1, Rows, Cols)).Logit);
        var decode = new GraphBuilder("db-vae-decode");
        _decoded = decode.MarkOutput(Decoder(decode, decode.Input("z", batch, Options.Latent)));
        var graphs = CompileWithAdam(accelerator, train, encode, classify, decode);
        (_train, _encode, _classify, _decode) = (graphs[0], graphs[1], graphs[2], graphs[3]);
        _positive = new float[batch];
        return graphs;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InferenceParts => [PartNames.Encoder, PartNames.Decoder, PartNames.Model];

    /// <inheritdoc/>
    protected override InferencePart DeclarePartCore(string part, int batch)
    {
        var g = new GraphBuilder($"db-vae-{part}");
        switch (part)
        {
            case PartNames.Encoder:
                var (logit, mu, logvar) = Encoder(g, g.Input("x", batch, 1, Rows, Cols));
                return new(part, g, [new("logit", logit), new("mu", mu), new("logvar", logvar)],
                    "logit: the positive class's logit; mu, logvar: the mean and log-variance of q(z|x)");
            case PartNames.Decoder:
                return Part(part, g, "image", Decoder(g, g.Input("z", batch, Options.Latent)), "image: pixel probabilities in [0, 1] of a positive image");
            default:
                return Part(part, g, "image", Decoder(g, Encoder(g, g.Input("x", batch, 1, Rows, Cols)).Mu), "image: pixel probabilities in [0, 1], decoded from the mean latent of x");
        }
    }

    /// <inheritdoc/>
    protected override void TrainStepCore(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        for (int i = 0; i < _positive.Length; i++) _positive[i] = IsPositive(labels[i]) ? 1f : 0f;
        _train.SetInput("x", images);
        _train.SetInput("positive", _positive);
        _train.Step();
        AccumulateLosses(_train, _loss, _class, _recon, _kl);
    }

    /// <summary>
    /// The epoch's sampling weights: positives in proportion to the inverse of their latent density (μ of every
    /// positive training image, encoded now), negatives uniformly, each side keeping its share; null without debiasing.
    /// </summary>
    public double[]? EpochSampleWeights(Dataset train, int epoch)
    {
        if (!Options.Debias) return null;
        var positives = Enumerable.Range(0, train.Count).Where(i => IsPositive(train.Labels[i])).ToArray();
        int negatives = train.Count - positives.Length;
        if (positives.Length == 0) return null;
        var images = new float[positives.Length * Pixels];
        for (int k = 0; k < positives.Length; k++) train.Image(positives[k]).CopyTo(images.AsSpan(k * Pixels, Pixels));
        var density = LatentDensity.InverseDensityWeights(Encode(images, positives.Length), positives.Length, Options.Latent, Options.Bins, Options.Alpha);
        double positiveShare = (double)positives.Length / train.Count;
        var weights = new double[train.Count];
        if (negatives > 0) Array.Fill(weights, (1 - positiveShare) / negatives);
        for (int k = 0; k < positives.Length; k++) weights[positives[k]] = positiveShare * density[k];
        return LastSampleWeights = weights;
    }

    /// <summary>
    /// Held-out numbers: the classification's BCE and accuracy (logit &gt; 0 ⇔ positive), and the positives'
    /// reconstruction BCE and KL per image of the test set (a fixed z draw).
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(Dataset test)
    {
        int batch = BatchedRunner.EvalBatch(test.Count, 250);
        if (_eval is null || _eval.Graph.Inputs.First().Shape[0] != batch)
        {
            var g = new GraphBuilder($"db-vae-eval-{batch}");
            var (loss, cls, recon, kl, logit) = Objective(g, batch);
            g.SetLoss(loss);
            (_evalClass, _evalRecon, _evalKl, _evalLogit) = (cls, recon, kl, logit);
            _eval = CompileExtra(g);
        }
        _eval.Training = false;
        _eval.Random.Position = 0;
        var positive = new float[batch];
        double cls_ = 0, recon_ = 0, kl_ = 0;
        int correct = 0, usable = test.Count - test.Count % batch;
        for (int start = 0; start < usable; start += batch)
        {
            for (int i = 0; i < batch; i++) positive[i] = IsPositive(test.Labels[start + i]) ? 1f : 0f;
            _eval.SetInput("x", test.Images.AsSpan(start * Pixels, batch * Pixels));
            _eval.SetInput("positive", positive);
            _eval.Forward();
            cls_ += _eval.Read(_evalClass!)[0] * (double)batch;
            recon_ += _eval.Read(_evalRecon!)[0] * (double)batch;
            kl_ += _eval.Read(_evalKl!)[0] * (double)batch;
            var logits = _eval.Read(_evalLogit!);
            for (int i = 0; i < batch; i++) if (logits[i] > 0 == positive[i] > 0.5f) correct++;
        }
        return new Dictionary<string, double>
        {
            ["test_class"] = cls_ / usable, ["test_recon"] = recon_ / usable, ["test_kl"] = kl_ / usable, ["test_accuracy"] = (double)correct / usable,
        };
    }

    /// <summary>The probability the classifier gives each of <paramref name="count"/> images of being positive.</summary>
    public float[] PositiveProbability(ReadOnlySpan<float> images, int count)
    {
        var logits = BatchedRunner.Run(_classify, "x", _logit, images, count, Pixels, 1);
        for (int i = 0; i < logits.Length; i++) logits[i] = 1f / (1f + MathF.Exp(-logits[i]));
        return logits;
    }

    /// <inheritdoc/>
    public float[] Sample(int count, ulong seed) => Decode(HostNoise.Normal(HostArrays.Length(count, LatentSize, "latent vectors"), seed), count);

    /// <inheritdoc/>
    public float[] Encode(ReadOnlySpan<float> images, int count) => BatchedRunner.Run(_encode, "x", _mu, images, count, Pixels, LatentSize);

    /// <inheritdoc/>
    public float[] Decode(ReadOnlySpan<float> latents, int count) => BatchedRunner.Run(_decode, "z", _decoded, latents, count, LatentSize, Pixels);

    /// <inheritdoc/>
    public float[] Reconstruct(ReadOnlySpan<float> images, int count) => Decode(Encode(images, count), count);
}
