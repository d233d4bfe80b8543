using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator
{
    internal sealed partial class KernelTranslator
    {
        /// <summary>
        /// The compile-time value of <paramref name="e"/>: a C# constant, or, in a specialized kernel, a
        /// <c>default(T).Property</c> read and int arithmetic over such values and constants, so that sizes derived
        /// from a shape (<c>default(T).Size / Threads</c>) still fold to literals and may size arrays.
        /// </summary>
        private bool TryConstant(ExpressionSyntax e, out object? value)
        {
            var constant = _model.GetConstantValue(e);
            value = constant.Value;
            if (constant.HasValue) return true;
            if (_specialization is null || _inHelper) return false;
            switch (e)
            {
                case ParenthesizedExpressionSyntax p:
                    return TryConstant(p.Expression, out value);
                case MemberAccessExpressionSyntax member when member.Expression is DefaultExpressionSyntax
                    && _model.GetSymbolInfo(member).Symbol is IPropertySymbol property && _specialization.TryGetValue(property, out var read):
                    value = read;
                    return true;
                case PrefixUnaryExpressionSyntax u when IsInt(u) && TryInt(u.Operand, out var x):
                    return TryFold(u.Kind(), x, out value);
                case BinaryExpressionSyntax b when IsInt(b) && TryInt(b.Left, out var left) && TryInt(b.Right, out var right):
                    return TryFold(b.Kind(), left, right, out value);
                default:
                    return false;
            }
        }

        private bool IsInt(ExpressionSyntax e) => _model.GetTypeInfo(e).Type?.SpecialType == SpecialType.System_Int32;

        private bool TryInt(ExpressionSyntax e, out int value)
        {
            value = 0;
            if (!TryConstant(e, out var constant) || !(constant is int i)) return false;
            value = i;
            return true;
        }

        private static bool TryFold(SyntaxKind kind, int x, out object? value)
        {
            switch (kind)
            {
                case SyntaxKind.UnaryMinusExpression: value = unchecked(-x); return true;
                case SyntaxKind.UnaryPlusExpression: value = x; return true;
                case SyntaxKind.BitwiseNotExpression: value = ~x; return true;
                default: value = null; return false;
            }
        }

        /// <summary>C#'s unchecked int arithmetic; division by zero and int.MinValue / -1 are left to run time.</summary>
        private static bool TryFold(SyntaxKind kind, int l, int r, out object? value)
        {
            value = null;
            bool divides = kind == SyntaxKind.DivideExpression || kind == SyntaxKind.ModuloExpression;
            if (divides && (r == 0 || (l == int.MinValue && r == -1))) return false;
            switch (kind)
            {
                case SyntaxKind.AddExpression: value = unchecked(l + r); return true;
                case SyntaxKind.SubtractExpression: value = unchecked(l - r); return true;
                case SyntaxKind.MultiplyExpression: value = unchecked(l * r); return true;
                case SyntaxKind.DivideExpression: value = l / r; return true;
                case SyntaxKind.ModuloExpression: value = l % r; return true;
                case SyntaxKind.LeftShiftExpression: value = l << r; return true;
                case SyntaxKind.RightShiftExpression: value = l >> r; return true;
                case SyntaxKind.BitwiseAndExpression: value = l & r; return true;
                case SyntaxKind.BitwiseOrExpression: value = l | r; return true;
                case SyntaxKind.ExclusiveOrExpression: value = l ^ r; return true;
                default: return false;
            }
        }
    }
}
