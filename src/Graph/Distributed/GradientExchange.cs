namespace KernelGen.Graph;

/// <summary>
/// What a data-parallel run does to a training graph's gradients between its backward pass and its update: make
/// them the mean over the ranks. The graph calls <see cref="Begin"/> before its backward pass, <see cref="Ready"/>
/// after each backward step (so an exchange may start reducing the buckets already final while the backward pass
/// goes on) and <see cref="Finish"/> before its update, which must leave every trainable gradient averaged.
/// Set on a graph with <see cref="CompiledGraph.Exchange"/>; one exchange serves every graph of a model.
/// </summary>
public abstract class GradientExchange : IDisposable
{
    /// <summary>The backward pass of <paramref name="graph"/> is about to start.</summary>
    protected internal abstract void Begin(CompiledGraph graph);

    /// <summary>Backward step <paramref name="step"/> of <paramref name="graph"/> is enqueued.</summary>
    protected internal abstract void Ready(CompiledGraph graph, int step);

    /// <summary>The update of <paramref name="graph"/> is next: every trainable gradient must be the ranks' mean when this returns (or when its enqueued work is done).</summary>
    protected internal abstract void Finish(CompiledGraph graph);

    /// <summary>Releases what the exchange holds.</summary>
    public abstract void Dispose();
}

/// <summary>
/// A contiguous range of the gradient arena (<see cref="ParameterStore.Gradients"/>) inside one trainable group,
/// final once backward step <see cref="ReadyAfter"/> has run (−1: before the backward pass, when no step of this
/// graph writes it).
/// </summary>
/// <param name="Offset">First element in the gradient arena.</param>
/// <param name="Length">Elements.</param>
/// <param name="ReadyAfter">The last backward step writing into the range.</param>
public readonly record struct GradientBucket(int Offset, int Length, int ReadyAfter);
