using System.Reflection;
using KernelGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KernelGen.Tests.Generator;

/// <summary>Runs the kernel generator over a snippet of C#, as the compiler does at build time.</summary>
internal static class GeneratorHarness
{
    public sealed record Result(IReadOnlyList<Diagnostic> GeneratorDiagnostics, IReadOnlyList<Diagnostic> CompileErrors, string Generated);

    public static Result Run(string source) => Run(source, out _);

    /// <summary>Runs the generator over <paramref name="source"/> and loads the compiled result, to launch its kernels.</summary>
    public static Assembly Load(string source)
    {
        var result = Run(source, out var output);
        if (result.GeneratorDiagnostics.Count > 0 || result.CompileErrors.Count > 0)
            throw new InvalidOperationException(string.Join("\n", result.GeneratorDiagnostics.Concat(result.CompileErrors)));
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        if (!emitted.Success) throw new InvalidOperationException(string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray());
    }

    private static Result Run(string source, out Compilation output)
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var tree = CSharpSyntaxTree.ParseText(source, options, path: "Snippet.cs");
        var references = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location))
            .Select(a => MetadataReference.CreateFromFile(a.Location))
            .Append(MetadataReference.CreateFromFile(typeof(KernelAttribute).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(global::ILGPU.Grid).Assembly.Location)) // ILGPU-style kernels
            .DistinctBy(r => r.FilePath);
        var compilation = CSharpCompilation.Create("Snippet", [tree], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new KernelGenerator().AsSourceGenerator()], parseOptions: options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out var diagnostics);
        var generated = string.Join("\n", driver.GetRunResult().GeneratedTrees.Select(t => t.ToString()));
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return new Result(diagnostics, errors, generated);
    }

    public static int Line(this Diagnostic d) => d.Location.GetLineSpan().StartLinePosition.Line + 1;

    /// <summary>The generator reported error <paramref name="id"/> mentioning <paramref name="mention"/> at <paramref name="line"/>, and emitted no definition.</summary>
    public static void AssertKernelError(Result r, string id, int line, string mention)
    {
        var messages = string.Join("\n", r.GeneratorDiagnostics.Select(d => $"{d.Id} line {d.Line()}: {d.GetMessage()}"));
        var d = r.GeneratorDiagnostics.FirstOrDefault(x => x.Id == id && x.GetMessage().Contains(mention));
        Assert.That(d, Is.Not.Null, $"expected {id} mentioning \"{mention}\"; got:\n{messages}");
        Assert.That(d!.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(d.Line(), Is.EqualTo(line), messages);
        Assert.That(r.Generated, Does.Not.Contain("KernelDefinition"), "no definition is generated for a kernel with errors");
    }
}
