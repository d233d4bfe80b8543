using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator
{
    internal enum Scalar { None, Int, UInt, Float, Bool }

    internal enum Shape { Index1D, Index2D, Grouped }

    /// <summary>
    /// Renders one [Kernel] method, and the [KernelFunction] helpers it calls, to C in one dialect.
    /// Statements live in KernelTranslator.Statements.cs, expressions in KernelTranslator.Expressions.cs,
    /// constant folding in KernelTranslator.Constants.cs, the refused ILGPU pitfalls in KernelTranslator.Pitfalls.cs.
    /// </summary>
    internal sealed partial class KernelTranslator
    {
        private readonly Compilation _compilation;
        private readonly Dialect _d;
        private readonly List<Diagnostic> _diagnostics;
        private readonly List<IMethodSymbol> _helpers = new List<IMethodSymbol>();
        private readonly Dictionary<ISymbol, int> _arrayLengths = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _views = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _refParameters = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private SemanticModel _model;
        private CodeWriter _w = new CodeWriter();
        private IParameterSymbol? _index;
        private Shape _shape;
        private bool _inHelper;
        private BlockSyntax? _kernelBody;
        private Specialization? _specialization;

        public KernelTranslator(Compilation compilation, SemanticModel model, Dialect dialect, List<Diagnostic> diagnostics)
        {
            _compilation = compilation;
            _model = model;
            _d = dialect;
            _diagnostics = diagnostics;
        }

        /// <summary>Whether any Grid/Group intrinsic, barrier or shared memory was used.</summary>
        public bool UsesGroupFeatures { get; private set; }

        /// <summary>Renders the kernel; a generic kernel is rendered for one <paramref name="specialization"/>.</summary>
        public CodeWriter Translate(IMethodSymbol kernel, MethodDeclarationSyntax syntax, Shape shape, string entryPoint, Specialization? specialization = null)
        {
            _shape = shape;
            _specialization = specialization;
            _index = shape == Shape.Grouped ? null : kernel.Parameters[0];
            var body = new CodeWriter();
            _w = body;
            _w.SourceLine = LineOf(syntax);
            var parameters = new List<string>();
            if (shape != Shape.Grouped) parameters.Add("int __extent_x");
            if (shape == Shape.Index2D) parameters.Add("int __extent_y");
            var prologue = new List<string>();
            foreach (var p in kernel.Parameters.Skip(shape == Shape.Grouped ? 0 : 1))
            {
                var name = Id(p.Name);
                if (TryViewElement(p.Type, out var element))
                {
                    _views.Add(p);
                    var ptr = _d.GlobalPointer + CType(element) + "*";
                    parameters.Add($"{ptr} {name}_base");
                    parameters.Add($"int {name}_off");
                    parameters.Add($"int {name}_len");
                    prologue.Add($"{ptr} {name} = {name}_base + {name}_off;");
                }
                else if (KernelStruct.IsCandidate(p.Type))
                {
                    parameters.Add(StructParameter(p));
                }
                else
                {
                    parameters.Add($"{CType(ScalarOf(p.Type))} {name}");
                }
            }
            _w.Open($"{_d.KernelPrefix} {entryPoint}({string.Join(", ", parameters)}) {{");
            foreach (var line in prologue) _w.Line(line);
            if (shape == Shape.Index1D)
            {
                var i = Id(_index!.Name);
                _w.Line($"const int {i} = {_d.GlobalIdX};");
                _w.Line($"if ({i} >= __extent_x) return;");
            }
            else if (shape == Shape.Index2D)
            {
                var i = Id(_index!.Name);
                _w.Line($"const int {i}_x = {_d.GlobalIdX};");
                _w.Line($"const int {i}_y = {_d.GlobalIdY};");
                _w.Line($"if ({i}_x >= __extent_x || {i}_y >= __extent_y) return;");
            }
            _kernelBody = syntax.Body;
            EmitMethodBody(syntax);
            _w.SourceLine = LineOf(syntax);
            _w.Close();

            // Helpers first (callees before callers), then the kernel.
            var all = StructDeclarations(LineOf(syntax));
            var emitted = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var order = new List<IMethodSymbol>();
            foreach (var helper in _helpers.ToList()) Visit(helper, emitted, order);
            foreach (var helper in order) all.Append(TranslateHelper(helper));
            all.Append(body);
            return all;
        }

        private void Visit(IMethodSymbol helper, HashSet<IMethodSymbol> seen, List<IMethodSymbol> order)
        {
            if (!seen.Add(helper)) return;
            // Translating a helper may discover further helpers; render callees first.
            int before = _helpers.Count;
            TranslateHelper(helper);
            foreach (var callee in _helpers.Skip(before).ToList()) Visit(callee, seen, order);
            order.Add(helper);
        }

        private readonly Dictionary<IMethodSymbol, CodeWriter> _helperCode = new Dictionary<IMethodSymbol, CodeWriter>(SymbolEqualityComparer.Default);

        private CodeWriter TranslateHelper(IMethodSymbol helper)
        {
            if (_helperCode.TryGetValue(helper, out var done)) return done;
            var syntax = helper.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<MethodDeclarationSyntax>().FirstOrDefault();
            var saved = (_w, _model, _inHelper);
            var code = new CodeWriter();
            _helperCode[helper] = code;
            if (syntax is null)
            {
                Report(Diagnostics.Unsupported, Location.None, $"KernelFunction '{helper.Name}'", "its source is not in this compilation");
                return code;
            }
            _w = code;
            _model = _compilation.GetSemanticModel(syntax.SyntaxTree);
            _inHelper = true;
            _w.SourceLine = LineOf(syntax);
            var ret = helper.ReturnsVoid ? "void" : CType(ScalarOf(helper.ReturnType, syntax.ReturnType.GetLocation()));
            foreach (var p in helper.Parameters.Where(p => p.RefKind == RefKind.Ref || p.RefKind == RefKind.Out)) _refParameters.Add(p);
            var ps = helper.Parameters.Select(p =>
                $"{CType(ScalarOf(p.Type, p.Locations.FirstOrDefault()))}{(_refParameters.Contains(p) ? "*" : "")} {Id(p.Name)}");
            _w.Open($"{_d.FunctionPrefix} {ret} {HelperName(helper)}({string.Join(", ", ps)}) {{");
            EmitMethodBody(syntax);
            _w.SourceLine = LineOf(syntax);
            _w.Close();
            (_w, _model, _inHelper) = saved;
            return code;
        }

        private void EmitMethodBody(MethodDeclarationSyntax syntax)
        {
            if (syntax.Body != null)
                foreach (var statement in syntax.Body.Statements) Statement(statement);
            else if (syntax.ExpressionBody != null)
            {
                _w.SourceLine = LineOf(syntax.ExpressionBody);
                var e = Expr(syntax.ExpressionBody.Expression);
                var returnsValue = _model.GetDeclaredSymbol(syntax) is IMethodSymbol m && !m.ReturnsVoid;
                _w.Line(returnsValue ? $"return {e};" : $"{e};");
            }
        }

        private static string HelperName(IMethodSymbol helper) => $"kg_{helper.ContainingType.Name}_{helper.Name}";

        private string CType(Scalar s)
        {
            switch (s)
            {
                case Scalar.Int: return "int";
                case Scalar.UInt: return _d.UIntType;
                case Scalar.Float: return "float";
                case Scalar.Bool: return "bool";
                default: return "int";
            }
        }

        internal static Scalar ScalarKind(ITypeSymbol? type)
        {
            switch (type?.SpecialType)
            {
                case SpecialType.System_Int32: return Scalar.Int;
                case SpecialType.System_UInt32: return Scalar.UInt;
                case SpecialType.System_Single: return Scalar.Float;
                case SpecialType.System_Boolean: return Scalar.Bool;
                default: return Scalar.None;
            }
        }

        private Scalar ScalarOf(ITypeSymbol type, Location? location = null)
        {
            var s = ScalarKind(type);
            if (s == Scalar.None && IsIlgpuSymbol(type))
                Report(Diagnostics.IlgpuUnsupported, location ?? Location.None, type.ToDisplayString());
            else if (s == Scalar.None)
                Report(Diagnostics.BadType, location ?? Location.None, type.ToDisplayString(), "expected a scalar");
            return s;
        }

        internal static bool TryViewElement(ITypeSymbol type, out Scalar element)
        {
            element = Scalar.None;
            if (type is INamedTypeSymbol named && named.IsGenericType && named.TypeArguments.Length == 1
                && (IsKernelGenType(named, "ArrayView") || IsIlgpuView(named) || (named.Name == "Span" && named.ContainingNamespace?.ToDisplayString() == "System")))
            {
                element = ScalarKind(named.TypeArguments[0]);
                return element == Scalar.Float || element == Scalar.Int || element == Scalar.UInt;
            }
            if (IsIlgpuView(type))
            {
                element = ScalarKind(((INamedTypeSymbol)type).TypeArguments[0]);
                return element == Scalar.Float || element == Scalar.Int || element == Scalar.UInt;
            }
            return false;
        }

        /// <summary>ILGPU's <c>ArrayView&lt;T&gt;</c>, or its <c>ArrayView1D&lt;T, Stride1D.Dense&gt;</c> (a dense 1-D view).</summary>
        internal static bool IsIlgpuView(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && IsIlgpuSymbol(named)
            && ((named.Name == "ArrayView" && named.TypeArguments.Length == 1 && named.ContainingNamespace.ToDisplayString() == "ILGPU")
                || (named.Name == "ArrayView1D" && named.ContainingNamespace.ToDisplayString() == "ILGPU.Runtime" && named.TypeArguments.Length == 2 && named.TypeArguments[1].Name == "Dense"
                    && named.TypeArguments[1].ContainingType?.Name == "Stride1D"));

        /// <summary>A symbol of ILGPU (namespace ILGPU or below), recognised by its fully qualified name.</summary>
        internal static bool IsIlgpuSymbol(ISymbol? symbol)
        {
            var ns = symbol as INamespaceSymbol ?? symbol?.ContainingNamespace;
            var name = ns?.ToDisplayString();
            return name == "ILGPU" || (name != null && name.StartsWith("ILGPU.", System.StringComparison.Ordinal));
        }

        /// <summary>ILGPU's type <paramref name="name"/> in namespace ILGPU.</summary>
        internal static bool IsIlgpuType(ITypeSymbol? type, string name) =>
            type != null && type.Name == name && type.ContainingNamespace?.ToDisplayString() == "ILGPU";

        /// <summary>KernelGen's type <paramref name="name"/>, or ILGPU's of the same name, which maps to it.</summary>
        internal static bool IsLanguageType(ITypeSymbol? type, string name) => IsKernelGenType(type, name) || IsIlgpuType(type, name);

        internal static bool IsKernelGenType(ITypeSymbol? type, string name) =>
            type != null && type.Name == name && type.ContainingNamespace?.ToDisplayString() == "KernelGen";

        private void Report(DiagnosticDescriptor descriptor, Location location, params object[] args) =>
            _diagnostics.Add(Diagnostic.Create(descriptor, location, args));

        private static int LineOf(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

        private static readonly HashSet<string> Reserved = new HashSet<string>
        {
            "auto", "register", "signed", "unsigned", "short", "long", "char", "double", "half", "extern", "static",
            "inline", "restrict", "volatile", "global", "local", "private", "constant", "kernel", "read_only",
            "write_only", "read_write", "typedef", "union", "enum", "struct", "sizeof", "goto", "default", "case",
            "switch", "signed", "asm", "template", "typename", "class", "namespace", "new", "delete", "this",
            "operator", "friend", "virtual", "export", "mutable", "explicit", "uint", "uchar", "ushort", "ulong",
            "size_t", "ptrdiff_t", "intptr_t", "uintptr_t", "vec_type_hint", "min", "max", "exp", "log", "abs",
            "sqrt", "pow", "fma", "mad", "sign", "step", "clamp", "mix", "dot", "cross", "length", "distance",
        };

        internal static string Id(string name) => Reserved.Contains(name) ? name + "_" : name;
    }
}
