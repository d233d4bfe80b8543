using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator
{
    // Struct parameters: each struct type is declared once at the top of the source as a C typedef with the
    // C# field order, passed by value, and read as param.Field.
    internal sealed partial class KernelTranslator
    {
        private readonly Dictionary<ISymbol, KernelStruct> _structParameters = new Dictionary<ISymbol, KernelStruct>(SymbolEqualityComparer.Default);

        /// <summary>The C declaration of struct parameter <paramref name="p"/> (already validated by the generator).</summary>
        private string StructParameter(IParameterSymbol p)
        {
            var layout = KernelStruct.Read(p.Type, Location.None, null)!;
            _structParameters[p] = layout;
            return $"{layout.CName} {Id(p.Name)}";
        }

        /// <summary>One typedef per struct type the kernel's parameters use, in parameter order.</summary>
        private CodeWriter StructDeclarations(int sourceLine)
        {
            var w = new CodeWriter { SourceLine = sourceLine };
            var seen = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var layout in _structParameters.Values.Where(s => seen.Add(s.Type)))
            {
                w.Open("typedef struct {");
                foreach (var field in layout.Fields) w.Line($"{CType(field.Type)} {Id(field.Name)};");
                w.Close($"}} {layout.CName};");
            }
            return w;
        }

        /// <summary><c>g.Height</c> on a struct parameter <c>g</c>, or null when the target is not one.</summary>
        private string? StructMember(MemberAccessExpressionSyntax member, ISymbol? target, ISymbol? symbol)
        {
            if (target is null || !_structParameters.TryGetValue(target, out var layout)) return null;
            var field = layout.Field(symbol);
            if (field is null)
                return Unsupported(member, $"The member '{member}'", $"kernels read the fields and auto-properties of struct parameter '{target.Name}'");
            return $"{Id(target.Name)}.{Id(field.Name)}";
        }

        private bool IsStructMember(ExpressionSyntax target) =>
            target is MemberAccessExpressionSyntax m && _model.GetSymbolInfo(m.Expression).Symbol is ISymbol s && _structParameters.ContainsKey(s);
    }
}
