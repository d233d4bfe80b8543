namespace KernelGen.Runtime.Cpu;

/// <summary>A range of work the CPU pool splits into chunks: <see cref="Run"/> handles [start, end).</summary>
public interface ICpuRangeBody
{
    /// <summary>Processes items [<paramref name="start"/>, <paramref name="end"/>).</summary>
    void Run(int start, int end);
}
