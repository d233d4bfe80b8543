using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator
{
    internal sealed partial class KernelTranslator
    {
        private string Expr(ExpressionSyntax e)
        {
            if (ReportIlgpuPitfall(e)) return "0";
            // ILGPU's view.Length is a long; KernelGen's lengths are ints, so it renders as the int length.
            if (e is MemberAccessExpressionSyntax lengthAccess && _model.GetSymbolInfo(lengthAccess).Symbol is IPropertySymbol lengthProperty
                && lengthProperty.Name == "Length" && IsIlgpuView(lengthProperty.ContainingType))
                return MemberAccess(lengthAccess);
            var type = _model.GetTypeInfo(e).Type;
            if (type != null && type.SpecialType != SpecialType.None && type.SpecialType != SpecialType.System_Void && ScalarKind(type) == Scalar.None)
            {
                Report(Diagnostics.BadType, e.GetLocation(), type.ToDisplayString(), $"in '{e}'; add a cast to int, uint or float");
                return "0";
            }
            if (!(e is ParenthesizedExpressionSyntax) && TryConstant(e, out var constant))
                return Literal(constant, e);

            switch (e)
            {
                case ParenthesizedExpressionSyntax p:
                    return "(" + Expr(p.Expression) + ")";
                case BinaryExpressionSyntax b:
                    return Binary(b);
                case PrefixUnaryExpressionSyntax u when IsSupportedPrefix(u.Kind()):
                    return "(" + u.OperatorToken.Text + Expr(u.Operand) + ")";
                case PostfixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.PostIncrementExpression) || u.IsKind(SyntaxKind.PostDecrementExpression):
                    return "(" + Expr(u.Operand) + u.OperatorToken.Text + ")";
                case AssignmentExpressionSyntax a:
                    CheckAssignable(a.Left);
                    return $"({Expr(a.Left)} {a.OperatorToken.Text} {Expr(a.Right)})";
                case ConditionalExpressionSyntax c:
                    return $"({Expr(c.Condition)} ? {Expr(c.WhenTrue)} : {Expr(c.WhenFalse)})";
                case CastExpressionSyntax cast:
                    {
                        var target = ScalarOf(_model.GetTypeInfo(cast.Type).Type!, cast.Type.GetLocation());
                        return $"(({CType(target)})({Expr(cast.Expression)}))";
                    }
                case CheckedExpressionSyntax ch:
                    return Expr(ch.Expression);
                case ElementAccessExpressionSyntax access:
                    return ElementAccess(access);
                case MemberAccessExpressionSyntax member:
                    return MemberAccess(member);
                case IdentifierNameSyntax id:
                    return Identifier(id);
                case InvocationExpressionSyntax call:
                    return Invocation(call);
                default:
                    return Unsupported(e, $"The expression '{e.Kind()}'", "kernels use arithmetic, comparisons, casts, ?:, element access, MathF and [KernelFunction] calls");
            }
        }

        private string Unsupported(SyntaxNode node, string what, string hint)
        {
            Report(Diagnostics.Unsupported, node.GetLocation(), what, hint);
            return "0";
        }

        private static bool IsSupportedPrefix(SyntaxKind kind) =>
            kind == SyntaxKind.UnaryMinusExpression || kind == SyntaxKind.UnaryPlusExpression || kind == SyntaxKind.LogicalNotExpression
            || kind == SyntaxKind.BitwiseNotExpression || kind == SyntaxKind.PreIncrementExpression || kind == SyntaxKind.PreDecrementExpression;

        private string Binary(BinaryExpressionSyntax b)
        {
            switch (b.Kind())
            {
                case SyntaxKind.CoalesceExpression:
                case SyntaxKind.IsExpression:
                case SyntaxKind.AsExpression:
                    return Unsupported(b, $"The operator '{b.OperatorToken.Text}'", "kernels have no references or type tests");
            }
            return $"({Expr(b.Left)} {b.OperatorToken.Text} {Expr(b.Right)})";
        }

        private string Literal(object? value, SyntaxNode node)
        {
            switch (value)
            {
                case int i:
                    return i == int.MinValue ? "(-2147483647 - 1)" : i < 0 ? $"({i.ToString(CultureInfo.InvariantCulture)})" : i.ToString(CultureInfo.InvariantCulture);
                case uint u:
                    return u.ToString(CultureInfo.InvariantCulture) + "u";
                case bool flag:
                    return flag ? "true" : "false";
                case float f:
                    if (float.IsPositiveInfinity(f)) return _d.PositiveInfinity;
                    if (float.IsNegativeInfinity(f)) return _d.NegativeInfinity;
                    if (float.IsNaN(f)) return _d.NaN;
                    var text = f.ToString("R", CultureInfo.InvariantCulture);
                    if (text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0) text += ".0";
                    return f < 0 || (f == 0 && 1 / f < 0) ? $"(-{text.TrimStart('-')}f)" : text + "f";
                default:
                    var type = value?.GetType().Name ?? "null";
                    Report(Diagnostics.BadType, node.GetLocation(), type, $"constant '{node}'; use an int, uint or float literal (e.g. 0.5f)");
                    return "0";
            }
        }

        private string ElementAccess(ElementAccessExpressionSyntax access)
        {
            var symbol = _model.GetSymbolInfo(access.Expression).Symbol;
            if (access.ArgumentList.Arguments.Count != 1 || symbol is null || !(_views.Contains(symbol) || _arrayLengths.ContainsKey(symbol)))
                return Unsupported(access, $"Indexing '{access.Expression}'", "only kernel view parameters and local/shared arrays can be indexed, with one index");
            return $"{Id(symbol.Name)}[{Expr(access.ArgumentList.Arguments[0].Expression)}]";
        }

        private string MemberAccess(MemberAccessExpressionSyntax member)
        {
            var symbol = _model.GetSymbolInfo(member).Symbol;
            var target = _model.GetSymbolInfo(member.Expression).Symbol;
            var name = member.Name.Identifier.ValueText;
            if (target != null && name is "Length" or "IntLength")
            {
                if (_views.Contains(target)) return $"{Id(target.Name)}_len";
                if (_arrayLengths.TryGetValue(target, out var length)) return length.ToString(CultureInfo.InvariantCulture);
            }
            if (StructMember(member, target, symbol) is string field) return field;
            if (target is IParameterSymbol p && SymbolEqualityComparer.Default.Equals(p, _index) && (name == "X" || name == "Y"))
                return _shape == Shape.Index1D ? Id(p.Name) : $"{Id(p.Name)}_{name.ToLowerInvariant()}";
            // ILGPU: Grid.GlobalIndex.X, Grid.Index.X, Group.Index.X, Grid.Dimension.X, Group.Dimension.X (and .Y).
            if (symbol is IPropertySymbol component && IsIlgpuType(component.ContainingType, "Index3D")
                && target is IPropertySymbol index3 && (IsIlgpuType(index3.ContainingType, "Grid") || IsIlgpuType(index3.ContainingType, "Group")))
            {
                string? mapped = null;
                if (name == "X" || name == "Y")
                    switch (index3.Name)
                    {
                        case "GlobalIndex": mapped = index3.ContainingType.Name == "Grid" ? "GlobalIndex" + name : null; break;
                        case "Index": mapped = "Idx" + name; break;
                        case "Dimension": mapped = "Dim" + name; break;
                    }
                if (mapped is null) return IlgpuUnsupported(member, $"{index3.ContainingType.Name}.{index3.Name}.{name}");
                return Intrinsic(member, index3.ContainingType.Name, mapped);
            }
            if (symbol is IPropertySymbol property && (IsLanguageType(property.ContainingType, "Grid") || IsLanguageType(property.ContainingType, "Group")))
            {
                if (IsIlgpuSymbol(property) && !(property.Name == "IdxX" || property.Name == "IdxY" || property.Name == "DimX" || property.Name == "DimY"))
                    return IlgpuUnsupported(member, $"{property.ContainingType.Name}.{property.Name}");
                return Intrinsic(member, property.ContainingType.Name, property.Name);
            }
            if (IsIlgpuSymbol(symbol) || IsIlgpuSymbol(target))
                return IlgpuUnsupported(member, IlgpuName(symbol ?? target!));
            return Unsupported(member, $"The member '{member}'", "kernels can read view.Length, index.X/Y, Grid/Group intrinsics and constants");
        }

        /// <summary>ILGPU's <paramref name="member"/> has no KernelGen mapping: KG0008, naming it.</summary>
        private string IlgpuUnsupported(SyntaxNode node, string member)
        {
            Report(Diagnostics.IlgpuUnsupported, node.GetLocation(), member);
            return "0";
        }

        /// <summary>Type.Member of an ILGPU symbol, for KG0008.</summary>
        private static string IlgpuName(ISymbol symbol) =>
            symbol is ITypeSymbol || symbol.ContainingType is null ? symbol.ToDisplayString() : $"{symbol.ContainingType.ToDisplayString()}.{symbol.Name}";

        private string Intrinsic(SyntaxNode node, string typeName, string propertyName)
        {
            UsesGroupFeatures = true;
            if (_shape != Shape.Grouped || _inHelper)
                Report(Diagnostics.Unsupported, node.GetLocation(), $"'{typeName}.{propertyName}' here",
                    "Grid and Group intrinsics belong to explicitly grouped kernels (no Index1D/Index2D parameter), not to index kernels or helpers");
            var group = typeName == "Group";
            switch (propertyName)
            {
                case "IdxX": return group ? _d.LocalIdX : _d.GroupIdX;
                case "IdxY": return group ? _d.LocalIdY : _d.GroupIdY;
                case "DimX": return group ? _d.LocalSizeX : _d.NumGroupsX;
                case "DimY": return group ? _d.LocalSizeY : _d.NumGroupsY;
                case "GlobalIndexX": return _d.GlobalIdX;
                case "GlobalIndexY": return _d.GlobalIdY;
                default: return Unsupported(node, $"The intrinsic '{propertyName}'", "see Grid and Group");
            }
        }

        private string Identifier(IdentifierNameSyntax id)
        {
            var symbol = _model.GetSymbolInfo(id).Symbol;
            switch (symbol)
            {
                case ILocalSymbol local when !_arrayLengths.ContainsKey(local):
                    return Id(local.Name);
                case IParameterSymbol p when SymbolEqualityComparer.Default.Equals(p, _index):
                    if (_shape == Shape.Index1D) return Id(p.Name);
                    return Unsupported(id, $"Using the 2-D index '{p.Name}' as a value", "read its .X and .Y");
                case IParameterSymbol p when _refParameters.Contains(p):
                    return $"(*{Id(p.Name)})";
                case IParameterSymbol p when !_views.Contains(p):
                    return Id(p.Name);
                case ISymbol s when IsIlgpuSymbol(s):
                    return IlgpuUnsupported(id, IlgpuName(s));
                default:
                    return Unsupported(id, $"Using '{id}' as a value", "views and arrays can only be indexed or asked for .Length; fields must be const");
            }
        }

        private string Invocation(InvocationExpressionSyntax call)
        {
            if (!(_model.GetSymbolInfo(call).Symbol is IMethodSymbol method))
                return Unsupported(call, $"The call '{call.Expression}'", "it does not bind to a method");
            var args = call.ArgumentList.Arguments.Select(RefOrValueArgument).ToList();
            var type = method.ContainingType;
            var ns = type.ContainingNamespace?.ToDisplayString();
            if (ns == "System" && (type.Name == "MathF" || type.Name == "Math" || type.Name == "Single" || type.Name == "Int32" || type.Name == "UInt32"))
            {
                var function = MathFunction(method, call);
                return function is null ? "0" : $"{function}({string.Join(", ", args)})";
            }
            if (IsKernelGenType(type, "KernelMath"))
            {
                switch (method.Name)
                {
                    case "MulHi": return $"{_d.MulHi}({args[0]}, {args[1]})";
                    case "AsUInt": return $"{_d.AsUInt}({args[0]})";
                    case "AsFloat": return $"{_d.AsFloat}({args[0]})";
                    case "Erf": return $"{_d.MathFunction("erf")}({args[0]})";
                    case "Fma": return $"{_d.MathFunction("fma")}({args[0]}, {args[1]}, {args[2]})";
                    case "Log2": return $"{_d.MathFunction("log2")}({args[0]})";
                    case "Cbrt": return $"{_d.MathFunction("cbrt")}({args[0]})";
                    case "ToFloat": return $"((float)({args[0]}))";
                }
            }
            if (IsIlgpuType(type, "Interop") && method.Parameters.Length == 1)
            {
                if (method.Name == "FloatAsInt" && ScalarKind(method.Parameters[0].Type) == Scalar.Float) return $"{_d.AsUInt}({args[0]})";
                if (method.Name == "IntAsFloat" && ScalarKind(method.Parameters[0].Type) == Scalar.UInt) return $"{_d.AsFloat}({args[0]})";
            }
            if (IsLanguageType(type, "Group") && method.Name == "Barrier")
                return Unsupported(call, "Group.Barrier() inside an expression", "call it as a statement");
            if (method.GetAttributes().Any(a => IsKernelGenType(a.AttributeClass, "KernelFunctionAttribute")))
            {
                if (!method.IsStatic) return Unsupported(call, $"The instance method '{method.Name}'", "KernelFunction helpers must be static");
                if (!_helpers.Contains(method, SymbolEqualityComparer.Default)) _helpers.Add(method);
                return $"{HelperName(method)}({string.Join(", ", args)})";
            }
            if (IsIlgpuSymbol(method))
                return IlgpuUnsupported(call, $"{type.ToDisplayString()}.{method.Name}({string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString()))})");
            return Unsupported(call, $"The call to '{type.Name}.{method.Name}'", "kernels may call MathF, KernelMath and [KernelFunction] helpers");
        }

        /// <summary>A value argument, or <c>ref x</c> / <c>out x</c> of a scalar local, passed as its address.</summary>
        private string RefOrValueArgument(ArgumentSyntax a)
        {
            if (a.RefKindKeyword.IsKind(SyntaxKind.None)) return Expr(a.Expression);
            var symbol = _model.GetSymbolInfo(a.Expression).Symbol;
            if (a.Expression is IdentifierNameSyntax && symbol is ILocalSymbol local && !_arrayLengths.ContainsKey(local))
                return "&" + Id(local.Name);
            if (a.Expression is IdentifierNameSyntax && symbol is IParameterSymbol p && _refParameters.Contains(p))
                return Id(p.Name);
            return Unsupported(a, $"The argument '{a}'", "ref and out pass a scalar local declared beforehand (no 'out var')");
        }

        private string? MathFunction(IMethodSymbol method, SyntaxNode node)
        {
            bool isFloat = ScalarKind(method.ReturnType) == Scalar.Float;
            string? name;
            switch (method.Name)
            {
                case "Exp": name = "exp"; break;
                case "Log": name = method.Parameters.Length == 1 ? "log" : null; break;
                case "Log10": name = "log10"; break;
                case "LogP1": name = "log1p"; break;
                case "ExpM1": name = "expm1"; break;
                case "Sqrt": name = "sqrt"; break;
                case "Sin": name = "sin"; break;
                case "Cos": name = "cos"; break;
                case "Tan": name = "tan"; break;
                case "Asin": name = "asin"; break;
                case "Acos": name = "acos"; break;
                case "Atan": name = "atan"; break;
                case "Atan2": name = "atan2"; break;
                case "Sinh": name = "sinh"; break;
                case "Cosh": name = "cosh"; break;
                case "Tanh": name = "tanh"; break;
                case "Pow": name = "pow"; break;
                case "Floor": name = "floor"; break;
                case "Ceiling": name = "ceil"; break;
                case "Truncate": name = "trunc"; break;
                case "Round": name = method.Parameters.Length == 1 ? "rint" : null; break;
                case "CopySign": name = "copysign"; break;
                case "Abs": name = isFloat ? "fabs" : "abs"; break;
                case "Max": name = isFloat ? "fmax" : "max"; break;
                case "Min": name = isFloat ? "fmin" : "min"; break;
                default: name = null; break;
            }
            if (name is null || (!isFloat && name != "abs" && name != "max" && name != "min"))
            {
                Report(Diagnostics.Unsupported, node.GetLocation(), $"'{method.ContainingType.Name}.{method.Name}' with these arguments",
                    "supported: Exp, Log, Log10, LogP1, ExpM1, Sqrt, trigonometric and hyperbolic functions, Pow, Floor, Ceiling, Truncate, Round, CopySign on float; Abs, Max, Min on float, int and uint; KernelMath.Fma, Log2, Cbrt");
                return null;
            }
            return isFloat ? _d.MathFunction(name) : name;
        }
    }
}
