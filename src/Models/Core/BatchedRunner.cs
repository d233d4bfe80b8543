using KernelGen.Graph;

namespace KernelGen.Models;

/// <summary>
/// Runs a graph compiled for a fixed batch over any number of items: the items go through batch by batch, the
/// last batch padded with zeros, and the outputs of the real items are collected.
/// </summary>
internal static class BatchedRunner
{
    public static float[] Run(CompiledGraph graph, string input, Tensor output, ReadOnlySpan<float> items, int count,
        int inputPerItem, int outputPerItem, string? extraInput = null, ReadOnlySpan<int> labels = default)
    {
        if (count < 0 || items.Length < (long)count * inputPerItem)
            throw new ArgumentException($"{count} items of {inputPerItem} values need {(long)count * inputPerItem} values, got {items.Length}.");
        var inTensor = graph.Graph.Inputs.First(t => t.Name == input);
        int batch = inTensor.Shape[0];
        var buffer = new float[batch * inputPerItem];
        var labelBuffer = extraInput is null ? null : new int[batch];
        var result = new float[HostArrays.Length(count, outputPerItem, "outputs")];
        graph.Training = false;
        for (int start = 0; start < count; start += batch)
        {
            int n = Math.Min(batch, count - start);
            Array.Clear(buffer);
            items.Slice(start * inputPerItem, n * inputPerItem).CopyTo(buffer);
            graph.SetInput(input, buffer);
            if (labelBuffer is not null)
            {
                Array.Clear(labelBuffer);
                labels.Slice(start, n).CopyTo(labelBuffer);
                graph.SetInput(extraInput!, labelBuffer);
            }
            graph.Forward();
            graph.Read(output).AsSpan(0, n * outputPerItem).CopyTo(result.AsSpan(start * outputPerItem));
        }
        return result;
    }

    /// <summary>The largest divisor of <paramref name="count"/> not above <paramref name="cap"/> (an evaluation batch that needs no padding).</summary>
    public static int EvalBatch(int count, int cap)
    {
        for (int b = Math.Min(count, cap); b > 1; b--)
            if (count % b == 0) return b;
        return 1;
    }
}
