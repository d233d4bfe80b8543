namespace KernelGen.Graph.Ops;

/// <summary>A node that validates int labels on the device and can report a bad one when the host asks.</summary>
internal interface ILabelCheck
{
    /// <summary>Waits for the stream and throws if the last forward met a label out of range.</summary>
    void ThrowIfInvalid(ExecutionContext ctx);
}
