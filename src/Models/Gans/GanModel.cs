using KernelGen.Graph;
using KernelGen.Models.Data;

namespace KernelGen.Models.Gans;

/// <summary>
/// What every GAN here shares: a generator and a discriminator (critic) in the parameter groups
/// <see cref="GeneratorGroup"/> and <see cref="DiscriminatorGroup"/>, each with its own optimizer, and three graphs
/// compiled over the shared parameters: the discriminator step (generator frozen; fakes from device noise), the
/// generator step (discriminator frozen) and the sampling graph (noise from the host, evaluation mode).
/// <para>
/// Schedule: the trainer calls <see cref="GenerativeModel.TrainStep"/> once per batch. Every call trains the
/// discriminator on that batch (and fresh fakes); every k-th call (k = <see cref="AdversarialOptions.DiscriminatorSteps"/>)
/// then also trains the generator once, so k discriminator steps, each on a new real batch, precede each generator step.
/// The generator's loss is accumulated with weight k, so its mean over a window of a multiple of k steps is the mean
/// per generator step.
/// </para>
/// Training images are scaled to [−1, 1] (the generator ends in tanh); samples are mapped back to [0, 1].
/// With <see cref="AdversarialOptions.Pack"/> = m the discriminator judges packs of m images (and labels) joined along
/// their first non-batch axis, so its logits and the reported means are per pack; the evaluation leaves out the last
/// test images that do not fill a pack.
/// </summary>
public abstract class GanModel : GenerativeModel
{
    /// <summary>The generator's parameter group.</summary>
    public const string GeneratorGroup = "generator";

    /// <summary>The discriminator's (critic's) parameter group.</summary>
    public const string DiscriminatorGroup = "discriminator";

    private CompiledGraph _dStep = null!, _gStep = null!, _sample = null!;
    private Tensor _dLoss = null!, _gLoss = null!, _dReal = null!, _dFake = null!, _samples = null!;
    private float[] _scaled = [];
    private CompiledGraph? _eval;
    private Tensor? _evalLoss, _evalReal, _evalFake;
    private IReadOnlyList<string>? _lossNames;

    /// <summary>Validates and keeps the options.</summary>
    protected GanModel(AdversarialOptions options) : base(options) { }

    /// <summary>The hyper-parameters.</summary>
    public new AdversarialOptions Options => (AdversarialOptions)base.Options;

    /// <summary>Noise dimensions of the generator's input.</summary>
    public int LatentSize => Options.Latent;

    /// <summary>The players' losses.</summary>
    protected abstract GanObjective Objective { get; }

    /// <summary>Whether both networks see the one-hot class label.</summary>
    protected virtual bool Conditional => false;

    /// <inheritdoc/>
    public override bool UsesLabels => Conditional;

    /// <summary>
    /// d_loss and g_loss, then the means over the discriminator step's batch of D(x) and D(G(z)) (<c>d_real</c>,
    /// <c>d_fake</c>), or of a critic's scores (<c>critic_real</c>, <c>critic_fake</c>), then the L2 norms of the
    /// discriminator's and the generator's parameter gradients in their own steps (<c>d_grad_norm</c>, <c>g_grad_norm</c>):
    /// the signals of the failure modes <see cref="GanHealth"/> watches for.
    /// </summary>
    public override IReadOnlyList<string> LossNames => _lossNames ??= Objective == GanObjective.Wasserstein
        ? ["d_loss", "g_loss", "critic_real", "critic_fake", GanSignals.DGradNormName, GanSignals.GGradNormName]
        : ["d_loss", "g_loss", "d_real", "d_fake", GanSignals.DGradNormName, GanSignals.GGradNormName];

    /// <summary>The shape of a batch of images as both networks see them: (N, pixels) by default, (N, 1, rows, cols) for convolutional ones.</summary>
    protected virtual int[] ImageShape(int batch) => [batch, Pixels];

    /// <summary>Declares the generator: noise z (N, latent) and, if conditional, one-hot labels (N, classes) → images of <see cref="ImageShape"/> in [−1, 1].</summary>
    protected abstract Tensor Generator(GraphBuilder g, Tensor z, Tensor? condition);

    /// <summary>Declares the discriminator: images of <see cref="ImageShape"/> (and one-hot labels) → logits or critic scores (N, 1).</summary>
    protected abstract Tensor Discriminator(GraphBuilder g, Tensor x, Tensor? condition);

    /// <summary>The discriminator's optimizer (Adam with the options' rate and betas by default).</summary>
    protected virtual Optimizer DiscriminatorOptimizer() => new Adam(Options.LearningRate, Options.Beta1, Options.Beta2);

    /// <summary>
    /// The generator's optimizer: Adam with the options' rate and betas, keeping the average of the weights that
    /// sampling uses when <see cref="AdversarialOptions.GeneratorAverage"/> is set.
    /// </summary>
    private Adam GeneratorOptimizer() => new(Options.LearningRate, Options.Beta1, Options.Beta2)
    {
        ParameterAverage = Options.GeneratorAverage > 0 ? Options.GeneratorAverage : null,
    };

    private Tensor? Condition(GraphBuilder g, int batch) => Conditional ? g.OneHot(g.IntInput("y", batch), Classes, "y_one_hot") : null;

    private Tensor G(GraphBuilder g, Tensor z, Tensor? c) => g.InGroup(GeneratorGroup, () => Generator(g, z, c));

    /// <inheritdoc/>
    protected override void CheckLocalBatch(int localBatch)
    {
        if (localBatch % Options.Pack != 0)
            throw new ArgumentException($"Each rank's share of the batch ({localBatch} images) must be a multiple of --pack {Options.Pack}; pass a batch that is a multiple of {Options.Pack} × the number of ranks.");
    }

    private Tensor D(GraphBuilder g, Tensor x, Tensor? c) => g.InGroup(DiscriminatorGroup, () => Discriminator(g, Packed(g, x), c is null ? null : Packed(g, c)));

    /// <summary>
    /// (N, F…) → (N/m, m·F, …): m consecutive samples side by side along the first non-batch axis, for the packed
    /// discriminator (<see cref="AdversarialOptions.Pack"/>).
    /// </summary>
    private Tensor Packed(GraphBuilder g, Tensor x)
    {
        int m = Options.Pack;
        if (m == 1) return x;
        var dims = x.Shape.ToArray();
        (dims[0], dims[1]) = (dims[0] / m, dims[1] * m);
        return g.Reshape(x, new Shape(dims), x.Name + ".packed");
    }

    private Tensor Noise(GraphBuilder g, int batch) => g.RandomNormal(new Shape(batch, Options.Latent), name: "z");

    /// <inheritdoc/>
    protected override void CheckImageSize(int rows, int cols)
    {
        if (Conditional && Classes < 1) throw new ArgumentException($"Model '{Kind}' is conditioned on class labels, but the data has {Classes} classes.");
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<CompiledGraph> BuildGraphs(Accelerator accelerator)
    {
        int batch = LocalBatch;
        var d = new GraphBuilder($"{Kind}-d-step");
        var real = d.Input("x", ImageShape(batch));
        var cd = Condition(d, batch);
        var fake = G(d, Noise(d, batch), cd);
        d.Freeze(GeneratorGroup);
        var (realLogits, fakeLogits) = (D(d, real, cd), D(d, fake, cd));
        _dLoss = GanLosses.Discriminator(d, Objective, realLogits, fakeLogits);
        d.SetLoss(_dLoss);
        _dReal = GanLosses.Report(d, Objective, realLogits, LossNames[2]);
        _dFake = GanLosses.Report(d, Objective, fakeLogits, LossNames[3]);

        var gs = new GraphBuilder($"{Kind}-g-step");
        var cg = Condition(gs, batch);
        var generated = G(gs, Noise(gs, batch), cg);
        gs.Freeze(DiscriminatorGroup);
        _gLoss = GanLosses.Generator(gs, Objective, D(gs, generated, cg));
        gs.SetLoss(_gLoss);

        var s = new GraphBuilder($"{Kind}-sample");
        var z = s.Input("z", batch, Options.Latent);
        _samples = s.MarkOutput(G(s, z, Condition(s, batch)));

        var graphs = Compiler.Compile(accelerator, CompileOptions, d, gs, s);
        (_dStep, _gStep, _sample) = (graphs[0], graphs[1], graphs[2]);
        _dStep.Store.Group(DiscriminatorGroup).UseOptimizer(DiscriminatorOptimizer());
        _dStep.Store.Group(GeneratorGroup).UseOptimizer(GeneratorOptimizer());
        _scaled = new float[batch * Pixels];
        return graphs;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> InferenceParts => [PartNames.Generator];

    /// <inheritdoc/>
    protected override InferencePart DeclarePartCore(string part, int batch)
    {
        var g = new GraphBuilder($"{Kind}-generator");
        var image = G(g, g.Input("z", batch, Options.Latent), Condition(g, batch));
        return Part(part, g, "image", image, "image: the generator's tanh output in [-1, 1]; (image + 1) / 2 gives pixels" + (Conditional ? ", for label y" : ""));
    }

    /// <summary>The generator's averaged weights when sampling uses them (<see cref="AdversarialOptions.GeneratorAverage"/>), else the trained ones.</summary>
    public override float[] InferenceParameter(string name)
    {
        if (Options.GeneratorAverage == 0 || Store.Spec(name).Group != GeneratorGroup) return base.InferenceParameter(name);
        var generator = Store.Group(GeneratorGroup);
        var stream = Store.Accelerator.DefaultStream;
        generator.SwapAverage(stream);
        try { return base.InferenceParameter(name); }
        finally { generator.SwapAverage(stream); }
    }

    /// <inheritdoc/>
    protected override void TrainStepCore(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        StepDiscriminator(images, labels);
        AccumulateLosses(_dStep, [0, 2, 3], [_dLoss, _dReal, _dFake]);
        AccumulateGradientNorm(_dStep, DiscriminatorGroup, 4);
        int k = Options.DiscriminatorSteps;
        if ((Steps + 1) % k == 0)
        {
            StepGenerator(labels);
            AccumulateLoss(_gStep, 1, _gLoss, k);
            AccumulateGradientNorm(_gStep, GeneratorGroup, 5, k);
        }
    }

    /// <summary>One discriminator update on a batch of images in [0, 1] (scaled here to [−1, 1]) and fresh fakes; the generator is untouched.</summary>
    internal void StepDiscriminator(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        for (int i = 0; i < _scaled.Length; i++) _scaled[i] = 2f * images[i] - 1f;
        _dStep.SetInput("x", _scaled);
        if (Conditional) _dStep.SetInput("y", labels);
        _dStep.Step();
    }

    /// <summary>One generator update (fakes for <paramref name="labels"/> when conditional); the discriminator is untouched.</summary>
    internal void StepGenerator(ReadOnlySpan<int> labels)
    {
        if (Conditional) _gStep.SetInput("y", labels);
        _gStep.Step();
    }

    /// <summary>
    /// Images (values in [0, 1]) the generator makes from <paramref name="count"/> noise vectors
    /// (count × <see cref="LatentSize"/>) and, when conditional, one label each; with the averaged weights when
    /// <see cref="AdversarialOptions.GeneratorAverage"/> is set (swapped in for the call and back after it).
    /// </summary>
    protected float[] Generate(ReadOnlySpan<float> noise, int count, ReadOnlySpan<int> labels)
    {
        var generator = _sample.Store.Group(GeneratorGroup);
        bool averaged = Options.GeneratorAverage > 0;
        if (averaged) generator.SwapAverage(_sample.Store.Accelerator.DefaultStream);
        float[] images;
        try
        {
            images = BatchedRunner.Run(_sample, "z", _samples, noise, count, Options.Latent, Pixels, Conditional ? "y" : null, labels);
        }
        finally
        {
            if (averaged) generator.SwapAverage(_sample.Store.Accelerator.DefaultStream);
        }
        for (int i = 0; i < images.Length; i++) images[i] = Math.Clamp(0.5f * (images[i] + 1f), 0f, 1f);
        return images;
    }

    /// <summary>
    /// Held-out numbers in evaluation mode with fixed noise: the discriminator's loss on the test images against as many
    /// fakes (<c>test_d_loss</c>) and the two means it reports (<c>test_d_real</c>, <c>test_d_fake</c>, or the critic's).
    /// </summary>
    public override IReadOnlyDictionary<string, double> Evaluate(Dataset test)
    {
        int usable = test.Count - test.Count % Options.Pack;
        if (usable == 0) throw new ArgumentException($"Model '{Kind}' packs {Options.Pack} images for its discriminator; the test set has only {test.Count}.");
        int batch = Options.Pack * BatchedRunner.EvalBatch(usable / Options.Pack, 500 / Options.Pack);
        if (_eval is null || _eval.Graph.Inputs.First().Shape[0] != batch)
        {
            var g = new GraphBuilder($"{Kind}-eval-{batch}");
            var x = g.Input("x", ImageShape(batch));
            var c = Condition(g, batch);
            var (realLogits, fakeLogits) = (D(g, x, c), D(g, G(g, Noise(g, batch), c), c));
            _evalLoss = g.MarkOutput(GanLosses.Discriminator(g, Objective, realLogits, fakeLogits));
            _evalReal = GanLosses.Report(g, Objective, realLogits, LossNames[2]);
            _evalFake = GanLosses.Report(g, Objective, fakeLogits, LossNames[3]);
            _eval = CompileExtra(g);
        }
        _eval.Training = false;
        _eval.Random.Position = 0; // the same fakes every evaluation
        var scaled = new float[batch * Pixels];
        double loss = 0, real = 0, fake = 0;
        for (int start = 0; start < usable; start += batch)
        {
            var images = test.Images.AsSpan(start * Pixels, batch * Pixels);
            for (int i = 0; i < scaled.Length; i++) scaled[i] = 2f * images[i] - 1f;
            _eval.SetInput("x", scaled);
            if (Conditional) _eval.SetInput("y", test.Labels.AsSpan(start, batch));
            _eval.Forward();
            loss += _eval.Read(_evalLoss!)[0] * (double)batch;
            real += _eval.Read(_evalReal!)[0] * (double)batch;
            fake += _eval.Read(_evalFake!)[0] * (double)batch;
        }
        return new Dictionary<string, double>
        {
            ["test_d_loss"] = loss / usable,
            ["test_" + LossNames[2]] = real / usable,
            ["test_" + LossNames[3]] = fake / usable,
        };
    }
}
