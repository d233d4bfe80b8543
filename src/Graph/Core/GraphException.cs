namespace KernelGen.Graph;

/// <summary>A graph that cannot be built, compiled or run as asked: the message names the node, its inputs and their shapes.</summary>
public sealed class GraphException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GraphException(string message) : base(message) { }

    /// <summary>Whether a finite check (<see cref="CompileOptions.CheckFinite"/>) raised it: a node produced NaN or ±∞.</summary>
    public bool NonFinite { get; init; }
}
