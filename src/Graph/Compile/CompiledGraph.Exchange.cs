namespace KernelGen.Graph;

public sealed partial class CompiledGraph
{
    private GradientExchange? _exchange;

    /// <summary>
    /// The data-parallel exchange that averages this graph's trainable gradients over the ranks between its backward
    /// pass and its update (null: one process trains alone). A graph with an exchange runs its steps uncaptured: the
    /// collectives are the host's calls, not launches a capture could replay.
    /// </summary>
    public GradientExchange? Exchange
    {
        get => _exchange;
        set
        {
            DropCapture();
            _exchange = value;
        }
    }

    /// <summary>
    /// The trainable gradients cut into buckets of at most <paramref name="maxLength"/> elements (a parameter larger
    /// than that is a bucket of its own), each with the backward step after which it is final, in the order they
    /// become final: the last layers' gradients first, as the backward pass runs from the loss. An exchange reduces
    /// each bucket once its step has run, while the backward pass computes the next.
    /// </summary>
    public IReadOnlyList<GradientBucket> GradientBuckets(int maxLength)
    {
        if (maxLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), $"A gradient bucket holds at least 1 element, not {maxLength}.");
        var lastWriter = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < _backward.Length; k++)
            foreach (var input in _backward[k].Inputs)
                if (input.Kind == TensorKind.Parameter && _ctx.HasGradBuffer(input)) lastWriter[input.Name] = k;
        var buckets = new List<GradientBucket>();
        foreach (var group in _trainable.Where(g => g.Length > 0))
        {
            // Backwards through the group's arena range: the parameters declared last get their gradients first.
            var specs = Store.Specs.Where(s => s.Group == group.Name).OrderByDescending(s => Store.Offset(s.Name)).ToList();
            int end = -1, start = 0, ready = -1;
            foreach (var spec in specs)
            {
                int offset = Store.Offset(spec.Name), length = spec.Shape.Numel;
                if (end >= 0 && end - offset > maxLength)
                {
                    buckets.Add(new GradientBucket(start, end - start, ready));
                    (end, ready) = (-1, -1);
                }
                if (end < 0) end = offset + length;
                start = offset;
                ready = Math.Max(ready, lastWriter.GetValueOrDefault(spec.Name, -1));
            }
            if (end >= 0) buckets.Add(new GradientBucket(start, end - start, ready));
        }
        return buckets.OrderBy(b => b.ReadyAfter).ToList();
    }
}
