using System.Reflection;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using System.Text.RegularExpressions;

namespace KernelGen.Tests;

/// <summary>
/// The test assembly doubles as a stand-alone runner, so a self-contained `dotnet publish` of it runs the
/// suite on a machine without the .NET SDK (the GPU machine): `KernelGen.Tests [--filter REGEX]`.
/// Prints each failure and ends with "N passed, N failed, N skipped".
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
        runner.Load(Assembly.GetExecutingAssembly(), new Dictionary<string, object>());
        int at = Array.IndexOf(args, "--filter");
        ITestFilter filter = at >= 0 && at + 1 < args.Length ? new RegexFilter(args[at + 1]) : TestFilter.Empty;
        // NUnit redirects Console while a test runs; report on the process's own standard output.
        var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var listener = new ConsoleListener(output);
        runner.Run(listener, filter);
        foreach (var (backend, counts) in listener.ByBackend.OrderBy(b => b.Key))
            output.WriteLine($"  {backend,-8} {counts[0]} passed, {counts[1]} failed, {counts[2]} skipped");
        output.WriteLine($"{listener.Passed} passed, {listener.Failed} failed, {listener.Skipped} skipped");
        return listener.Failed == 0 ? 0 : 1;
    }

    private sealed class RegexFilter(string pattern) : TestFilter
    {
        private readonly Regex _regex = new(pattern);
        public override bool Match(ITest test) => _regex.IsMatch(test.FullName);
        public override TNode AddToXml(TNode parentNode, bool recursive) => parentNode.AddElement("test", pattern);
    }

    private sealed class ConsoleListener(TextWriter output) : ITestListener
    {
        public int Passed, Failed, Skipped;
        public readonly Dictionary<string, int[]> ByBackend = new();

        private void Count(ITestResult result, int slot)
        {
            var match = Regex.Match(result.FullName, "\\(\"((?:ilgpu:)?(?:cpu|opencl|cuda))\"\\)");
            var key = match.Success ? match.Groups[1].Value : "other";
            if (!ByBackend.TryGetValue(key, out var counts)) ByBackend[key] = counts = new int[3];
            counts[slot]++;
        }

        public void TestStarted(ITest test) { }

        public void TestFinished(ITestResult result)
        {
            if (result.Test.IsSuite)
            {
                if (result.ResultState.Status == TestStatus.Failed && result.ResultState.Site is FailureSite.SetUp or FailureSite.TearDown)
                    output.WriteLine($"FAIL {result.FullName}: {result.Message}");
                return;
            }
            switch (result.ResultState.Status)
            {
                case TestStatus.Passed: Passed++; Count(result, 0); break;
                case TestStatus.Failed:
                    Failed++;
                    Count(result, 1);
                    output.WriteLine($"FAIL {result.FullName}\n  {result.Message}\n{result.StackTrace}");
                    break;
                default:
                    Skipped++;
                    Count(result, 2);
                    output.WriteLine($"SKIP {result.FullName}: {result.Message}");
                    break;
            }
        }

        public void TestOutput(TestOutput text) => output.Write(text.Text);
        public void SendMessage(TestMessage message) { }
    }
}
