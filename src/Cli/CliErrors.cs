using System.CommandLine;

namespace KernelGen.Cli;

/// <summary>Turns bad usage into one line on stderr and exit code 2, and bad input found later likewise.</summary>
internal static class CliErrors
{
    public const int BadUsage = 2;

    public static int Run(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            Console.Error.WriteLine($"kernelgen: {parse.Errors[0].Message} (see 'kernelgen --help')");
            return BadUsage;
        }
        try
        {
            return parse.Invoke();
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"kernelgen: {e.Message}");
            return BadUsage;
        }
    }
}
