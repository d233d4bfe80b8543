using KernelGen.Graph;

namespace KernelGen.Models.Gans;

/// <summary>
/// DCGAN (Radford et al.) for small gray images, weights initialized N(0, 0.02), Adam 2e-4 with β1 = 0.5. Generator:
/// z → Linear 2F·(H/4)·(W/4) → BatchNorm → ReLU → transposed conv F, 4×4 stride 2 (H/2) → BatchNorm → ReLU →
/// transposed conv 1 (H) → tanh. Discriminator: conv F, 4×4 stride 2 (H/2) → LeakyReLU 0.2 → conv 2F stride 2
/// (H/4) → BatchNorm → LeakyReLU 0.2 → Linear 1. For 28×28 and F = 64: 100 → 128×7×7 → 64×14×14 → 1×28×28.
/// Image sides must be multiples of 4. BatchNorm scales start at 1 (the paper's code draws them from N(1, 0.02)).
/// </summary>
public sealed class DcGan : UnconditionalGan
{
    private static readonly Init Weights = Init.Normal(0f, 0.02f);

    /// <summary>Creates the model; nothing is allocated until <see cref="GenerativeModel.Build(Accelerator, int, int, int)"/>.</summary>
    public DcGan(DcGanOptions? options = null) : base(options ?? new DcGanOptions()) { }

    /// <summary>The hyper-parameters.</summary>
    public new DcGanOptions Options => (DcGanOptions)base.Options;

    /// <inheritdoc/>
    public override string Kind => "dcgan";

    /// <inheritdoc/>
    protected override GanObjective Objective =>
        Options.GeneratorLoss == GeneratorLoss.Minimax ? GanObjective.Minimax : GanObjective.NonSaturating;

    /// <inheritdoc/>
    protected override void CheckImageSize(int rows, int cols)
    {
        if (rows % 4 != 0 || cols % 4 != 0)
            throw new ArgumentException($"Model '{Kind}' doubles (halves) the image size twice with stride-2 (transposed) convolutions, so its sides must be multiples of 4 (e.g. 28×28); got {rows}×{cols}.");
    }

    /// <inheritdoc/>
    protected override int[] ImageShape(int batch) => [batch, 1, Rows, Cols];

    /// <inheritdoc/>
    protected override Tensor Generator(GraphBuilder g, Tensor z, Tensor? condition)
    {
        int f = Options.Features, batch = z.Shape[0];
        var h = g.Linear(z, 2 * f * (Rows / 4) * (Cols / 4), "gen.fc", weightInit: Weights);
        h = g.Relu(g.BatchNorm(g.Reshape(h, new Shape(batch, 2 * f, Rows / 4, Cols / 4)), "gen.bn0"));
        h = g.Relu(g.BatchNorm(g.ConvTranspose2d(h, f, 4, "gen.deconv1", stride: 2, padding: 1, weightInit: Weights), "gen.bn1"));
        return g.Tanh(g.ConvTranspose2d(h, 1, 4, "gen.deconv2", stride: 2, padding: 1, weightInit: Weights));
    }

    /// <inheritdoc/>
    protected override Tensor Discriminator(GraphBuilder g, Tensor x, Tensor? condition)
    {
        int f = Options.Features;
        var h = g.LeakyRelu(g.Conv2d(x, f, 4, "disc.conv1", stride: 2, padding: 1, weightInit: Weights), 0.2f);
        h = g.LeakyRelu(g.BatchNorm(g.Conv2d(h, 2 * f, 4, "disc.conv2", stride: 2, padding: 1, weightInit: Weights), "disc.bn2"), 0.2f);
        return g.Linear(g.Flatten(h), 1, "disc.out", weightInit: Weights);
    }
}
