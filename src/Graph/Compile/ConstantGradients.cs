namespace KernelGen.Graph;

/// <summary>
/// The gradients known when the graph compiles. The loss's gradient is 1; a node whose input gradients are fixed
/// multiples of its output's gradient (<see cref="Node.GradientCoefficients"/>: a constant scale, a sum, a mean) passes a
/// constant on as a constant. So the scalar chain that ends most graphs (a loss term's mean, a β weight, the sum of the
/// terms) has constant gradients: its backward is folded away, and the loss nodes at its start read their upstream
/// gradient as a number (their <c>gradScale</c>) rather than from a device buffer that a chain of 1-element launches fills.
/// <para>
/// A tensor's gradient is constant when it is the loss, or when every node that back-propagates into it is foldable
/// (its own output's gradient is constant and all its differentiable inputs are constant too). The second condition
/// makes a folded node's backward safe to skip: none of its inputs has a buffer it should have written into.
/// </para>
/// </summary>
internal sealed class ConstantGradients
{
    private readonly float?[] _values;

    /// <param name="nodes">The live nodes in forward order.</param>
    /// <param name="runsBackward">Whether each node runs backward.</param>
    /// <param name="hasGrad">Whether each tensor has a gradient.</param>
    /// <param name="requires">Whether each tensor needs a gradient.</param>
    /// <param name="loss">The loss (seeded with 1), if the graph has one with a gradient.</param>
    public ConstantGradients(Node[] nodes, bool[] runsBackward, bool[] hasGrad, bool[] requires, Tensor? loss)
    {
        _values = new float?[hasGrad.Length];
        var candidate = new bool[hasGrad.Length];
        foreach (var node in nodes)
            foreach (var o in node.Outputs)
                candidate[o.Id] = hasGrad[o.Id] && o.DType == DType.Float32;
        var backers = new List<Node>[hasGrad.Length];
        for (int k = 0; k < nodes.Length; k++)
            if (runsBackward[k])
                foreach (var i in nodes[k].Inputs.Where(i => requires[i.Id])) (backers[i.Id] ??= []).Add(nodes[k]);

        bool Foldable(Node n) => n.GradientCoefficients is not null && n.Outputs.Count == 1 && candidate[n.Result.Id]
            && n.Inputs.All(i => !requires[i.Id] || candidate[i.Id]);

        for (bool changed = true; changed;)
        {
            changed = false;
            for (int t = 0; t < candidate.Length; t++)
            {
                if (!candidate[t] || (loss is not null && t == loss.Id)) continue;
                if (backers[t] is { } b && b.All(Foldable)) continue;
                candidate[t] = false;
                changed = true;
            }
        }

        // Values, consumers before producers: a tensor's consumers come after it in forward order.
        var sums = new float[hasGrad.Length];
        if (loss is not null && candidate[loss.Id]) sums[loss.Id] = 1f;
        for (int k = nodes.Length - 1; k >= 0; k--)
        {
            var node = nodes[k];
            foreach (var o in node.Outputs)
                if (candidate[o.Id]) _values[o.Id] = sums[o.Id];
            if (!runsBackward[k] || !Foldable(node)) continue;
            var coefficients = node.GradientCoefficients!;
            float c = sums[node.Result.Id];
            for (int i = 0; i < node.Inputs.Count; i++)
                if (requires[node.Inputs[i].Id]) sums[node.Inputs[i].Id] += coefficients[i] * c;
            Folded.Add(node);
        }
    }

    /// <summary>Nodes whose backward is skipped: the constants already carry their gradients.</summary>
    public HashSet<Node> Folded { get; } = [];

    /// <summary>The constant gradient of <paramref name="t"/> (the same in every element), or null.</summary>
    public float? Of(Tensor t) => _values[t.Id];
}
