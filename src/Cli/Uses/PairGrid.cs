namespace KernelGen.Cli;

/// <summary>Lays out originals above their reconstructions: a row of up to <c>perRow</c> originals, then the row of their reconstructions, and so on.</summary>
internal static class PairGrid
{
    /// <summary>The images in grid order, and the number of columns.</summary>
    public static (float[] Images, int Columns) Interleave(ReadOnlySpan<float> originals, ReadOnlySpan<float> reconstructions, int count, int pixels, int perRow = 8)
    {
        int columns = Math.Min(perRow, count);
        var result = new List<float>(2 * count * pixels);
        for (int start = 0; start < count; start += columns)
        {
            int n = Math.Min(columns, count - start);
            for (int pass = 0; pass < 2; pass++)
            {
                var source = pass == 0 ? originals : reconstructions;
                result.AddRange(source.Slice(start * pixels, n * pixels));
                for (int pad = n; pad < columns; pad++) result.AddRange(new float[pixels]);
            }
        }
        return (result.ToArray(), columns);
    }
}
