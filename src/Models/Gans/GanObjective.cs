using KernelGen.Graph;

namespace KernelGen.Models.Gans;

/// <summary>How the discriminator's logits (a WGAN critic's scores) become the two players' losses.</summary>
public enum GanObjective
{
    /// <summary>D: BCE of real → 1 and fake → 0; G: −log D(G(z)).</summary>
    NonSaturating,

    /// <summary>D: BCE of real → 1 and fake → 0; G: log(1 − D(G(z))).</summary>
    Minimax,

    /// <summary>Critic: mean C(fake) − mean C(real); G: −mean C(G(z)).</summary>
    Wasserstein,
}

/// <summary>The loss nodes of each <see cref="GanObjective"/>, from logits (N, 1).</summary>
internal static class GanLosses
{
    /// <summary>The discriminator's (critic's) loss from the logits of real and fake images.</summary>
    public static Tensor Discriminator(GraphBuilder g, GanObjective objective, Tensor real, Tensor fake)
    {
        if (objective == GanObjective.Wasserstein)
            return g.Add(g.Mean(fake), g.Scale(g.Mean(real), -1f), "d_loss");
        // BCE with logits: −log σ(l) = softplus(−l) for real, −log(1 − σ(l)) = softplus(l) for fake.
        return g.Add(g.Mean(g.Softplus(g.Scale(real, -1f))), g.Mean(g.Softplus(fake)), "d_loss");
    }

    /// <summary>The generator's loss from the discriminator's logits of fake images.</summary>
    public static Tensor Generator(GraphBuilder g, GanObjective objective, Tensor fake) => objective switch
    {
        GanObjective.NonSaturating => g.Mean(g.Softplus(g.Scale(fake, -1f)), "g_loss"),   // −log σ(l)
        GanObjective.Minimax => g.Scale(g.Mean(g.Softplus(fake)), -1f, "g_loss"),         // log(1 − σ(l)) = −softplus(l)
        _ => g.Scale(g.Mean(fake), -1f, "g_loss"),
    };

    /// <summary>What is reported of the logits: mean D(·) = mean σ(l), or a critic's mean score.</summary>
    public static Tensor Report(GraphBuilder g, GanObjective objective, Tensor logits, string name) =>
        g.MarkOutput(objective == GanObjective.Wasserstein ? g.Mean(logits, name) : g.Mean(g.Sigmoid(logits), name));
}
