namespace KernelGen.Graph;

/// <summary>A graph that cannot be built, compiled or run as asked: the message names the node, its inputs and their shapes.</summary>
public sealed class GraphException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GraphException(string message) : base(message) { }
}
