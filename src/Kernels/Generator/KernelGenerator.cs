using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator
{
    /// <summary>
    /// Finds every [Kernel] method, renders it to CUDA C and OpenCL C, and adds to its class a
    /// <c>KernelDefinition {Method}Kernel</c> field with both sources and a CPU launcher; a generic kernel gets
    /// one <c>{Name}Kernel</c> field per [Specialize] instead.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class KernelGenerator : IIncrementalGenerator
    {
        private const string KernelAttribute = "KernelGen.KernelAttribute";

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var kernels = context.SyntaxProvider.ForAttributeWithMetadataName(
                KernelAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, _) => Translate(ctx));
            context.RegisterSourceOutput(kernels.Collect(), static (spc, results) => Emit(spc, results));
        }

        private static KernelResult Translate(GeneratorAttributeSyntaxContext ctx)
        {
            var method = (IMethodSymbol)ctx.TargetSymbol;
            var syntax = (MethodDeclarationSyntax)ctx.TargetNode;
            var diagnostics = new List<Diagnostic>();
            var result = new KernelResult(method, diagnostics);
            if (!Validate(method, syntax, diagnostics, out var shape)) return result;
            var specializations = SpecializationReader.Read(method, syntax, ctx.SemanticModel, diagnostics);
            var counterpartName = CounterpartName(method);
            var counterpart = counterpartName is null ? null : FindCounterpart(method, syntax, counterpartName, diagnostics);
            var ilgpu = IlgpuTwin.UsesIlgpu(method, syntax, ctx.SemanticModel);
            if (ilgpu && counterpartName != null)
                diagnostics.Add(Diagnostic.Create(Diagnostics.BadCounterpart, syntax.Identifier.GetLocation(), method.Name,
                    "a kernel written against ILGPU's types runs on the CPU through its generated C# twin (grouped ones thread by thread); remove CpuCounterpart"));
            if (diagnostics.Count > 0) return result;

            var code = new StringBuilder();
            if (!method.IsGenericMethod) code.Append(TranslateOne(ctx, method, syntax, shape, counterpart, null, diagnostics, ilgpu));
            foreach (var specialization in specializations)
                code.Append(TranslateOne(ctx, method, syntax, shape, counterpart, specialization, diagnostics, ilgpu));
            if (ilgpu && diagnostics.Count == 0) code.Append(IlgpuTwin.Method(method, syntax, ctx.SemanticModel));
            if (diagnostics.Count == 0) result.Code = code.ToString();
            return result;
        }

        /// <summary>The definition of a plain kernel, or of one specialization of a generic kernel.</summary>
        private static string TranslateOne(GeneratorAttributeSyntaxContext ctx, IMethodSymbol method, MethodDeclarationSyntax syntax, Shape shape,
            IMethodSymbol? counterpart, Specialization? specialization, List<Diagnostic> diagnostics, bool ilgpu)
        {
            var entry = $"{method.ContainingType.Name}_{specialization?.Name ?? method.Name}";
            var cuda = new KernelTranslator(ctx.SemanticModel.Compilation, ctx.SemanticModel, Dialect.Cuda, diagnostics);
            var cudaCode = cuda.Translate(method, syntax, shape, entry, specialization);
            var opencl = new KernelTranslator(ctx.SemanticModel.Compilation, ctx.SemanticModel, Dialect.OpenCL, new List<Diagnostic>());
            var openclCode = opencl.Translate(method, syntax, shape, entry, specialization);
            if (ilgpu)
            {
                // .NET (and so ILGPU's CPU accelerator) never fuses a*b+c into an FMA; OpenCL C may unless told not to.
                var strict = new CodeWriter { SourceLine = syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1 };
                strict.Line("#pragma OPENCL FP_CONTRACT OFF");
                strict.Append(openclCode);
                openclCode = strict;
            }

            // ILGPU-style grouped kernels need no counterpart: the CPU emulates their groups thread by thread.
            if (cuda.UsesGroupFeatures && counterpart is null && !ilgpu)
                diagnostics.Add(Diagnostic.Create(Diagnostics.BadCounterpart, syntax.Identifier.GetLocation(), method.Name,
                    "it uses group-shared memory, barriers or Grid/Group intrinsics, so it must name a CpuCounterpart written for the CPU"));
            if (diagnostics.Count > 0) return "";
            // A generic counterpart runs with the specialization's type argument, a plain one serves every specialization.
            var counterpartCall = counterpart is null ? null
                : counterpart.IsGenericMethod ? $"{counterpart.Name}<{specialization!.TypeArgumentSource}>" : counterpart.Name;
            return CSharpEmitter.Member(method, syntax, shape, entry, counterpartCall, cudaCode, openclCode, specialization, ilgpu);
        }

        private static bool Validate(IMethodSymbol method, MethodDeclarationSyntax syntax, List<Diagnostic> diagnostics, out Shape shape)
        {
            shape = Shape.Grouped;
            void Fail(string message) =>
                diagnostics.Add(Diagnostic.Create(Diagnostics.BadDeclaration, syntax.Identifier.GetLocation(), method.Name, message));
            if (!method.IsStatic) Fail("a kernel must be static");
            if (!method.ReturnsVoid) Fail("a kernel returns void");
            var type = method.ContainingType;
            if (type.IsGenericType) Fail("the class declaring a kernel cannot be generic");
            if (type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax t && !t.Modifiers.Any(m => m.ValueText == "partial")))
                Fail($"the class '{type.Name}' must be declared partial so the generated definition can join it");
            var parameters = method.Parameters;
            int first = 0;
            if (parameters.Length > 0 && KernelTranslator.IsLanguageType(parameters[0].Type, "Index1D")) { shape = Shape.Index1D; first = 1; }
            else if (parameters.Length > 0 && KernelTranslator.IsLanguageType(parameters[0].Type, "Index2D")) { shape = Shape.Index2D; first = 1; }
            foreach (var p in parameters.Skip(first))
            {
                if (p.RefKind != RefKind.None) Fail($"parameter '{p.Name}' cannot be ref, in or out");
                if (KernelStruct.IsCandidate(p.Type))
                {
                    KernelStruct.Read(p.Type, p.Locations.FirstOrDefault() ?? syntax.GetLocation(), diagnostics);
                    continue;
                }
                var scalar = KernelTranslator.ScalarKind(p.Type);
                bool ok = (KernelTranslator.TryViewElement(p.Type, out _) && (KernelTranslator.IsKernelGenType(p.Type, "ArrayView") || KernelTranslator.IsIlgpuView(p.Type)))
                    || scalar == Scalar.Int || scalar == Scalar.UInt || scalar == Scalar.Float;
                if (!ok && KernelTranslator.IsIlgpuSymbol(p.Type))
                    diagnostics.Add(Diagnostic.Create(Diagnostics.IlgpuUnsupported, p.Locations.FirstOrDefault() ?? syntax.GetLocation(),
                        p.Type.ToDisplayString()));
                else if (!ok)
                    diagnostics.Add(Diagnostic.Create(Diagnostics.BadType, p.Locations.FirstOrDefault() ?? syntax.GetLocation(),
                        p.Type.ToDisplayString(), $"parameter '{p.Name}' of kernel '{method.Name}'"));
            }
            return diagnostics.Count == 0;
        }

        private static string? CounterpartName(IMethodSymbol method)
        {
            var attribute = method.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == KernelAttribute);
            foreach (var named in attribute.NamedArguments)
                if (named.Key == "CpuCounterpart" && named.Value.Value is string name) return name;
            return null;
        }

        /// <summary>
        /// The counterpart: a static void method of the kernel's class with the kernel's parameters; for a generic
        /// kernel it may itself be generic in one type parameter, and is then called with each specialization's type.
        /// </summary>
        private static IMethodSymbol? FindCounterpart(IMethodSymbol kernel, MethodDeclarationSyntax syntax, string name, List<Diagnostic> diagnostics)
        {
            var expected = string.Join(", ", kernel.Parameters.Select(p => p.Type.ToDisplayString()));
            var match = kernel.ContainingType.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault(m =>
                m.IsStatic && m.ReturnsVoid && string.Join(", ", m.Parameters.Select(p => p.Type.ToDisplayString())) == expected
                && (m.TypeParameters.Length == 0 || (m.TypeParameters.Length == 1 && kernel.IsGenericMethod)));
            if (match is null)
                diagnostics.Add(Diagnostic.Create(Diagnostics.BadCounterpart, syntax.Identifier.GetLocation(), kernel.Name,
                    $"CpuCounterpart '{name}' must be a static void method of {kernel.ContainingType.Name} taking ({expected})"
                    + (kernel.IsGenericMethod ? ", plain or generic in one type parameter" : "")));
            return match;
        }

        private static void Emit(SourceProductionContext spc, ImmutableArray<KernelResult> results)
        {
            foreach (var result in results)
                foreach (var d in result.Diagnostics.Distinct()) spc.ReportDiagnostic(d); // specializations repeat the body's
            foreach (var group in results.Where(r => r.Code != null).GroupBy(r => r.Method.ContainingType, SymbolEqualityComparer.Default))
            {
                var type = (INamedTypeSymbol)group.Key!;
                var source = new StringBuilder();
                source.AppendLine("// <auto-generated>Rendered by KernelGen.Generator from the [Kernel] methods of this class.</auto-generated>");
                source.AppendLine("#nullable enable");
                source.AppendLine("#pragma warning disable CS1591");
                var ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
                if (ns != null) source.AppendLine($"namespace {ns}").AppendLine("{");
                var containers = new List<INamedTypeSymbol>();
                for (var t = type; t != null; t = t.ContainingType) containers.Insert(0, t);
                foreach (var c in containers) source.AppendLine($"partial {(c.TypeKind == TypeKind.Struct ? "struct" : "class")} {c.Name}").AppendLine("{");
                foreach (var kernel in group.OrderBy(r => r.Method.Name)) source.Append(kernel.Code);
                foreach (var _ in containers) source.AppendLine("}");
                if (ns != null) source.AppendLine("}");
                var hint = (ns is null ? "" : ns + ".") + string.Join(".", containers.Select(c => c.Name)) + ".Kernels.g.cs";
                spc.AddSource(hint, source.ToString());
            }
        }

        private sealed class KernelResult
        {
            public KernelResult(IMethodSymbol method, List<Diagnostic> diagnostics)
            {
                Method = method;
                Diagnostics = diagnostics;
            }

            public IMethodSymbol Method { get; }
            public List<Diagnostic> Diagnostics { get; }
            public string? Code { get; set; }
        }
    }
}
