using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator
{
    /// <summary>Writes the C# side of a kernel: its KernelDefinition field and its CPU launcher.</summary>
    internal static class CSharpEmitter
    {
        private const string K = "global::KernelGen.";

        /// <summary>
        /// The definition field <c>{name}Kernel</c> and its CPU launcher, where name is the method's or, for a
        /// generic kernel, the specialization's; <paramref name="counterpart"/> is the call the CPU makes instead.
        /// </summary>
        public static string Member(IMethodSymbol method, MethodDeclarationSyntax syntax, Shape shape, string entry,
            string? counterpart, CodeWriter cuda, CodeWriter opencl, Specialization? specialization, bool ilgpu = false)
        {
            var name = specialization?.Name ?? method.Name;
            // An ILGPU-style kernel cannot take KernelGen's views: the CPU calls its twin (IlgpuTwin) instead.
            var cpuMethod = ilgpu ? IlgpuTwin.TwinName(method) : method.Name;
            var kernelCall = specialization is null ? cpuMethod : $"{cpuMethod}<{specialization.TypeArgumentSource}>";
            var kernel = specialization is null ? $"<see cref=\"{name}\"/>"
                : $"<see cref=\"{method.Name}{{{method.TypeParameters[0].Name}}}\"/> for <see cref=\"{specialization.TypeArgumentSource}\"/>";
            var ps = method.Parameters.Skip(shape == Shape.Grouped ? 0 : 1).ToList();
            var access = method.DeclaredAccessibility == Accessibility.Public ? "public" : method.DeclaredAccessibility == Accessibility.Private ? "private" : "internal";
            var line = syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            var file = Path.GetFileName(syntax.SyntaxTree.FilePath);
            var sb = new StringBuilder();
            sb.AppendLine($"    /// <summary>The generated definition of kernel {kernel}: launch it with <c>stream.Launch({name}Kernel, ...)</c>.</summary>");
            sb.AppendLine($"    {access} static readonly {K}KernelDefinition {name}Kernel = new {K}KernelDefinition(");
            sb.AppendLine($"        \"{method.ContainingType.Name}.{name}\", \"{entry}\", {K}KernelShape.{shape},");
            sb.AppendLine($"        new {K}KernelParameter[] {{ {string.Join(", ", ps.Select(Parameter))} }},");
            sb.AppendLine($"        {Verbatim(cuda.Text)},");
            sb.AppendLine($"        {Verbatim(opencl.Text)},");
            sb.AppendLine($"        new int[] {{ {string.Join(", ", cuda.LineMap)} }},");
            sb.AppendLine($"        new int[] {{ {string.Join(", ", opencl.LineMap)} }},");
            var typeArgument = specialization is null ? "null" : $"typeof({specialization.TypeArgumentSource})";
            sb.AppendLine($"        {Verbatim(file)}, {line}, __{name}_Cpu)");
            sb.AppendLine($"    {{ DeclaringType = typeof({TypeName(method.ContainingType)}), MethodName = \"{method.Name}\", TypeArgument = {typeArgument} }};");
            sb.AppendLine();
            var unpack = ps.Select((p, i) => Unpack(p, i)).ToList();
            sb.AppendLine($"    private static void __{name}_Cpu(in {K}CpuLaunch launch, global::System.ReadOnlySpan<{K}KernelArg> args)");
            sb.AppendLine("    {");
            if (counterpart != null)
            {
                var args = new List<string>();
                if (shape == Shape.Index1D) args.Add($"new {K}Index1D(launch.Extent.X)");
                if (shape == Shape.Index2D) args.Add("launch.Extent");
                args.AddRange(unpack);
                sb.AppendLine($"        {counterpart}({string.Join(", ", args)});");
                sb.AppendLine("    }");
                return sb.ToString();
            }
            if (shape == Shape.Grouped)
            {
                // Only ILGPU-style grouped kernels get here (KernelGen-language ones name a counterpart): emulate the groups.
                for (int i = 0; i < ps.Count; i++) sb.AppendLine($"        var __a{i} = {unpack[i]};");
                sb.AppendLine($"        launch.RunGroups(() => {kernelCall}({string.Join(", ", ps.Select((_, i) => $"__a{i}"))}));");
                sb.AppendLine("    }");
                sb.AppendLine();
                return sb.ToString();
            }
            var fields = ps.Select((p, i) => $"{Id(p.Name)} = {unpack[i]}");
            var extent = shape == Shape.Index2D ? "__width = launch.Extent.X, " : "";
            sb.AppendLine($"        launch.For{(shape == Shape.Index2D ? "2D" : "1D")}(new __{name}_Body {{ {extent}{string.Join(", ", fields)} }});");
            sb.AppendLine("    }");
            sb.AppendLine();
            sb.AppendLine($"    private struct __{name}_Body : {K}Runtime.Cpu.ICpuRangeBody");
            sb.AppendLine("    {");
            if (shape == Shape.Index2D) sb.AppendLine("        public int __width;");
            foreach (var p in ps) sb.AppendLine($"        public {CpuTypeName(p.Type)} {Id(p.Name)};");
            var call = string.Join(", ", new[] { "__i" }.Concat(ps.Select(p => Id(p.Name))));
            sb.AppendLine("        public void Run(int start, int end)");
            sb.AppendLine("        {");
            if (shape == Shape.Index1D)
                sb.AppendLine($"            for (int __x = start; __x < end; __x++) {{ var __i = new {K}Index1D(__x); {kernelCall}({call}); }}");
            else
                sb.AppendLine($"            for (int __y = start; __y < end; __y++) for (int __x = 0; __x < __width; __x++) {{ var __i = new {K}Index2D(__x, __y); {kernelCall}({call}); }}");
            sb.AppendLine("        }");
            sb.AppendLine("    }");
            sb.AppendLine();
            return sb.ToString();
        }

        private static string Id(string name) => "@" + name;

        private static string Parameter(IParameterSymbol p)
        {
            if (KernelStruct.IsCandidate(p.Type))
                return $"{K}KernelParameter.Struct(\"{p.Name}\", typeof({TypeName(p.Type)}), {KernelStruct.Read(p.Type, Location.None, null)!.Size})";
            bool view = KernelTranslator.TryViewElement(p.Type, out var element);
            var scalar = view ? element : KernelTranslator.ScalarKind(p.Type);
            return $"new {K}KernelParameter(\"{p.Name}\", {(view ? "true" : "false")}, {K}ScalarType.{scalar})";
        }

        private static string Unpack(IParameterSymbol p, int i)
        {
            if (KernelTranslator.TryViewElement(p.Type, out var element))
                return $"args[{i}].View<{ElementName(element)}>()";
            if (KernelStruct.IsCandidate(p.Type))
                return $"args[{i}].AsStruct<{TypeName(p.Type)}>()";
            switch (KernelTranslator.ScalarKind(p.Type))
            {
                case Scalar.Float: return $"args[{i}].Float";
                case Scalar.UInt: return $"args[{i}].UInt";
                default: return $"args[{i}].Int";
            }
        }

        /// <summary>The type the CPU launcher holds a parameter as: ILGPU's views become KernelGen's.</summary>
        private static string CpuTypeName(ITypeSymbol type) =>
            KernelTranslator.IsIlgpuView(type) && KernelTranslator.TryViewElement(type, out var element) ? $"{K}ArrayView<{ElementName(element)}>" : TypeName(type);

        private static string TypeName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

        private static string ElementName(Scalar s) => s == Scalar.Float ? "float" : s == Scalar.UInt ? "uint" : "int";

        private static string Verbatim(string text) => "@\"" + text.Replace("\"", "\"\"") + "\"";
    }
}
