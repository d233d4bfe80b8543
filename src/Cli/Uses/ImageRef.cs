using KernelGen.Models.Data;

namespace KernelGen.Cli;

/// <summary>A test image named on the command line: <c>class:N</c> (the first of class N), <c>index:N</c>, or a bare N (a class).</summary>
internal static class ImageRef
{
    /// <summary>What is accepted, for help and errors.</summary>
    public const string Accepted = "class:N (the first test image of class N), index:N (test image N), or N (a class)";

    /// <summary>The index in <paramref name="test"/> of the image <paramref name="text"/> names.</summary>
    public static int Resolve(string text, Dataset test, string option)
    {
        var parts = text.Split(':');
        bool byIndex = parts.Length == 2 && parts[0] == "index";
        bool byClass = parts.Length == 1 || (parts.Length == 2 && parts[0] == "class");
        if ((!byIndex && !byClass) || !int.TryParse(parts[^1], out int n))
            throw new ArgumentException($"{option} '{text}' is not {Accepted}.");
        if (byIndex)
            return n >= 0 && n < test.Count ? n : throw new ArgumentException($"{option} '{text}': the test split of '{test.Name}' has images 0..{test.Count - 1}.");
        int i = n >= 0 && n < test.Classes ? Array.IndexOf(test.Labels, n) : -1;
        return i >= 0 ? i : throw new ArgumentException($"{option} '{text}': '{test.Name}' has no test image of class {n}; its classes are 0..{test.Classes - 1}.");
    }

    /// <summary>Checks a class number against the data.</summary>
    public static int Class(int label, Dataset test, string option) => label >= 0 && label < test.Classes ? label
        : throw new ArgumentException($"{option} {label} is out of range; '{test.Name}' has classes 0..{test.Classes - 1}.");
}
