using KernelGen.Graph.Ops;
using KernelGen.Kernels;

namespace KernelGen.Graph;

/// <summary>
/// A ReLU or LeakyReLU applied by the launch of the node that produces its input (a Linear's GEMM epilogue, a
/// BatchNorm's normalizing launch), so the activation's own launch goes. Its backward is unchanged: it reads only its output, which the producer now writes.
/// </summary>
/// <param name="Producer">The node whose forward applies the activation.</param>
/// <param name="Activation">The activation node, skipped in forward.</param>
/// <param name="Epilogue">What the producer applies.</param>
internal sealed record ActivationFusion(Node Producer, ActivationOp Activation, GemmActivation Epilogue)
{
    /// <summary>
    /// The fusions of a graph's live nodes: the producer can apply an activation, the activation is the only reader of the
    /// producer's result, and nobody reads that result from outside (it is not an output or the loss), since it is no
    /// longer written.
    /// </summary>
    public static List<ActivationFusion> Find(Node[] nodes, GraphBuilder graph)
    {
        var fusions = new List<ActivationFusion>();
        foreach (var producer in nodes.Where(n => n.CanApplyActivation))
        {
            var result = producer.Result;
            if (graph.Outputs.Contains(result) || graph.Loss == result) continue;
            var readers = nodes.Where(n => n.Inputs.Contains(result)).ToList();
            if (readers is [ActivationOp { GemmEpilogue: { } epilogue } activation])
                fusions.Add(new ActivationFusion(producer, activation, epilogue));
        }
        return fusions;
    }
}
