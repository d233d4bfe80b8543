namespace KernelGen.Cli;

/// <summary>Help sections laid out as System.CommandLine lays them out: a heading, then rows indented in two aligned columns.</summary>
internal static class HelpText
{
    /// <summary>Writes "<paramref name="heading"/>", its rows and a blank line.</summary>
    public static void Section(TextWriter output, string heading, IEnumerable<(string First, string Second)> rows)
    {
        var list = rows.ToList();
        int width = list.Where(r => r.Second.Length > 0).Select(r => r.First.Length).DefaultIfEmpty(0).Max();
        output.WriteLine(heading);
        foreach (var (first, second) in list)
            output.WriteLine(second.Length == 0 ? $"  {first}" : $"  {first.PadRight(width)}  {second}");
        output.WriteLine();
    }
}
