using KernelGen.Graph;

namespace KernelGen.Models.Gans;

/// <summary>
/// The fully connected players of the MLP GANs: generator [z | y] → H → H (LeakyReLU 0.2; optionally BatchNorm
/// before each) → pixels (tanh);
/// discriminator [x | y] → H → H (LeakyReLU 0.2) → 1 logit. The label part is left out when unconditional.
/// </summary>
internal static class MlpNetworks
{
    public static Tensor Generator(GraphBuilder g, Tensor z, Tensor? condition, int hidden, int pixels, bool batchNorm = false)
    {
        var h = condition is null ? z : g.Concat(z, condition, "gen.input");
        h = g.LeakyRelu(Normalized(g, g.Linear(h, hidden, "gen.fc1"), "gen.bn1", batchNorm), 0.2f);
        h = g.LeakyRelu(Normalized(g, g.Linear(h, hidden, "gen.fc2"), "gen.bn2", batchNorm), 0.2f);
        return g.Tanh(g.Linear(h, pixels, "gen.out"));
    }

    private static Tensor Normalized(GraphBuilder g, Tensor h, string name, bool batchNorm) => batchNorm ? g.BatchNorm(h, name) : h;

    public static Tensor Discriminator(GraphBuilder g, Tensor x, Tensor? condition, int hidden)
    {
        var h = condition is null ? x : g.Concat(x, condition, "disc.input");
        h = g.LeakyRelu(g.Linear(h, hidden, "disc.fc1"), 0.2f);
        h = g.LeakyRelu(g.Linear(h, hidden, "disc.fc2"), 0.2f);
        return g.Linear(h, 1, "disc.out");
    }
}
