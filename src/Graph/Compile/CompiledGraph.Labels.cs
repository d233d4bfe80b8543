using KernelGen.Graph.Ops;

namespace KernelGen.Graph;

public sealed partial class CompiledGraph
{
    /// <summary>
    /// Waits for the stream and throws an <see cref="ArgumentException"/> naming the node, row and label if the last
    /// forward met an int label outside its class range (e.g. in OneHot). Labels are checked on the device, so a step
    /// never waits for this; call it where the host reads results anyway.
    /// </summary>
    public void CheckLabels()
    {
        foreach (var node in _nodes)
            if (node is ILabelCheck check) check.ThrowIfInvalid(_ctx);
    }
}
