using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator
{
    /// <summary>
    /// The CPU twin of a kernel written against ILGPU's types: the same method, text for text, with every ILGPU type
    /// and member (bound by the semantic model, not matched by text) replaced by KernelGen's, and every other type
    /// name fully qualified so the twin needs none of the user's using directives. The CPU launcher calls the twin
    /// with KernelGen's views; the GPU backends translate the original method.
    /// </summary>
    internal sealed class IlgpuTwin
    {
        private const string K = "global::KernelGen.";
        private readonly SemanticModel _model;

        private IlgpuTwin(SemanticModel model) => _model = model;

        /// <summary>Whether the kernel names any ILGPU type or member (in its parameters or body).</summary>
        public static bool UsesIlgpu(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model) =>
            method.Parameters.Any(p => KernelTranslator.IsIlgpuSymbol(p.Type))
            || syntax.DescendantNodes().Any(n => (n is ExpressionSyntax || n is TypeSyntax) && KernelTranslator.IsIlgpuSymbol(model.GetSymbolInfo(n).Symbol));

        public static string TwinName(IMethodSymbol method) => $"__{method.Name}_CpuTwin";

        /// <summary>The twin method, with a #line directive so CPU stack traces point into the user's source.</summary>
        public static string Method(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model)
        {
            var twin = new IlgpuTwin(model);
            var sb = new StringBuilder();
            sb.AppendLine($"    /// <summary>CPU twin of <see cref=\"{method.Name}\"/> against KernelGen's types (generated from the ILGPU-style kernel).</summary>");
            sb.Append("    private static void ").Append(TwinName(method));
            if (syntax.TypeParameterList != null) sb.Append(twin.Bare(syntax.TypeParameterList));
            sb.Append(twin.Bare(syntax.ParameterList));
            foreach (var c in syntax.ConstraintClauses) sb.Append(' ').Append(twin.Bare(c));
            sb.AppendLine();
            var path = syntax.SyntaxTree.FilePath;
            if (syntax.Body != null)
            {
                var line = syntax.Body.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                if (!string.IsNullOrEmpty(path)) sb.AppendLine($"#line {line} \"{path}\"");
                sb.Append("    ").AppendLine(twin.Bare(syntax.Body));
            }
            else if (syntax.ExpressionBody != null)
            {
                var line = syntax.ExpressionBody.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                if (!string.IsNullOrEmpty(path)) sb.AppendLine($"#line {line} \"{path}\"");
                sb.Append("    { ").Append(twin.Bare(syntax.ExpressionBody.Expression)).AppendLine("; }");
            }
            if (!string.IsNullOrEmpty(path)) sb.AppendLine("#line default");
            sb.AppendLine();
            return sb.ToString();
        }

        /// <summary>The node rewritten, without its own leading and trailing trivia.</summary>
        private string Bare(SyntaxNode node)
        {
            var full = Render(node);
            int lead = node.GetLeadingTrivia().ToFullString().Length, trail = node.GetTrailingTrivia().ToFullString().Length;
            return full.Substring(lead, full.Length - lead - trail);
        }

        /// <summary>The node's full text with every mapped descendant replaced (trivia kept).</summary>
        private string Render(SyntaxNode node)
        {
            var mapped = Map(node);
            if (mapped != null) return node.GetLeadingTrivia().ToFullString() + mapped + node.GetTrailingTrivia().ToFullString();
            var sb = new StringBuilder();
            foreach (var child in node.ChildNodesAndTokens())
                sb.Append(child.IsNode ? Render(child.AsNode()!) : child.AsToken().ToFullString());
            return sb.ToString();
        }

        private string? Map(SyntaxNode node)
        {
            switch (node)
            {
                case VariableDeclarationSyntax declaration when !declaration.Type.IsVar && declaration.Variables.Count == 1
                    && declaration.Variables[0].Initializer?.Value is InvocationExpressionSyntax init
                    && _model.GetSymbolInfo(init).Symbol is IMethodSymbol allocate && KernelTranslator.IsIlgpuType(allocate.ContainingType, "LocalMemory"):
                    // KernelGen's LocalMemory.Allocate returns a Span over memory the method owns, not a view.
                    return "var " + Bare(declaration.Variables[0]);
                case MemberAccessExpressionSyntax member:
                    return MemberAccess(member);
                case InvocationExpressionSyntax call:
                    return Invocation(call);
                case NameSyntax name when IsTypeName(name):
                    return _model.GetSymbolInfo(name).Symbol is INamedTypeSymbol type ? TypeText(type) : null;
                default:
                    return null;
            }
        }

        /// <summary>A name that stands for a type on its own (not the right side of a qualified name or member access, not 'var').</summary>
        private static bool IsTypeName(NameSyntax name)
        {
            if (name is IdentifierNameSyntax id && id.IsVar) return false;
            if (name.Parent is QualifiedNameSyntax q && q.Right == name) return false;
            if (name.Parent is MemberAccessExpressionSyntax m && m.Name == name) return false;
            if (name.Parent is AliasQualifiedNameSyntax a && a.Name == name) return false;
            return name is IdentifierNameSyntax || name is GenericNameSyntax || name is QualifiedNameSyntax || name is AliasQualifiedNameSyntax;
        }

        private static string TypeText(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol named && KernelTranslator.IsIlgpuView(named))
                return $"{K}ArrayView<{TypeText(named.TypeArguments[0])}>";
            if (KernelTranslator.IsIlgpuType(type, "Index1D")) return K + "Index1D";
            if (KernelTranslator.IsIlgpuType(type, "Index2D")) return K + "Index2D";
            return type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        }

        private string? MemberAccess(MemberAccessExpressionSyntax member)
        {
            var symbol = _model.GetSymbolInfo(member).Symbol;
            var target = _model.GetSymbolInfo(member.Expression).Symbol;
            var name = member.Name.Identifier.ValueText;
            if (symbol is IPropertySymbol p && KernelTranslator.IsIlgpuView(p.ContainingType))
            {
                if (name == "Length") return $"((long){Bare(member.Expression)}.Length)";
                if (name == "IntLength") return $"{Bare(member.Expression)}.Length";
            }
            if (symbol is IPropertySymbol c && KernelTranslator.IsIlgpuType(c.ContainingType, "Index3D") && target is IPropertySymbol index3
                && (KernelTranslator.IsIlgpuType(index3.ContainingType, "Grid") || KernelTranslator.IsIlgpuType(index3.ContainingType, "Group")))
            {
                var prefix = index3.Name == "GlobalIndex" ? "GlobalIndex" : index3.Name == "Index" ? "Idx" : "Dim";
                return $"{K}{index3.ContainingType.Name}.{prefix}{name}";
            }
            if (symbol is IPropertySymbol g && (KernelTranslator.IsIlgpuType(g.ContainingType, "Grid") || KernelTranslator.IsIlgpuType(g.ContainingType, "Group")))
                return $"{K}{g.ContainingType.Name}.{name}";
            return null;
        }

        private string? Invocation(InvocationExpressionSyntax call)
        {
            if (!(_model.GetSymbolInfo(call).Symbol is IMethodSymbol method)) return null;
            var type = method.ContainingType;
            var args = call.ArgumentList.Arguments.Select(a => Bare(a.Expression)).ToList();
            var list = string.Join(", ", args);
            if ((KernelTranslator.IsIlgpuType(type, "SharedMemory") || KernelTranslator.IsIlgpuType(type, "LocalMemory")) && method.Name == "Allocate" && method.IsGenericMethod)
                return $"{K}{type.Name}.Allocate<{TypeText(method.TypeArguments[0])}>({list})";
            if (KernelTranslator.IsIlgpuType(type, "Group") && method.Name == "Barrier") return $"{K}Group.Barrier()";
            if (KernelTranslator.IsIlgpuType(type, "Interop") && method.Name == "FloatAsInt") return $"{K}KernelMath.AsUInt({list})";
            if (KernelTranslator.IsIlgpuType(type, "Interop") && method.Name == "IntAsFloat") return $"{K}KernelMath.AsFloat({list})";
            if (KernelTranslator.IsIlgpuView(type) && method.Name == "SubView" && call.Expression is MemberAccessExpressionSyntax target)
            {
                var view = Bare(target.Expression);
                return args.Count == 2 ? $"{view}.SubView((int)({args[0]}), (int)({args[1]}))"
                    : $"{view}.SubView((int)({args[0]}), {view}.Length - (int)({args[0]}))";
            }
            return null;
        }
    }
}
