using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator
{
    internal sealed partial class KernelTranslator
    {
        /// <summary>
        /// Reports C# that renders to valid C here but that ILGPU 1.5.3 cannot compile (measured), so kernels stay
        /// portable to it; each message names the kernel-language replacement. True when <paramref name="e"/> is one.
        /// </summary>
        private bool ReportIlgpuPitfall(ExpressionSyntax e)
        {
            switch (e)
            {
                case StackAllocArrayCreationExpressionSyntax _:
                case ImplicitStackAllocArrayCreationExpressionSyntax _:
                    return Pitfall(e, "'stackalloc'", "ILGPU fails on it with an internal compiler error",
                        "'var a = LocalMemory.Allocate<T>(N)' with a constant N");
                case InvocationExpressionSyntax call when _model.GetSymbolInfo(call).Symbol is IMethodSymbol method:
                    return ReportPitfallCall(call, method);
                case CastExpressionSyntax cast when IsUIntToFloat(_model.GetTypeInfo(cast.Expression).Type, _model.GetTypeInfo(cast.Type).Type)
                    && !_model.GetConstantValue(cast).HasValue:
                    return UIntToFloat(cast);
            }
            var info = _model.GetTypeInfo(e);
            if (IsUIntToFloat(info.Type, info.ConvertedType) && !_model.GetConstantValue(e).HasValue)
                return UIntToFloat(e);
            return false;
        }

        private bool ReportPitfallCall(InvocationExpressionSyntax call, IMethodSymbol method)
        {
            var type = method.ContainingType;
            if (type.ContainingNamespace?.ToDisplayString() != "System") return false;
            var name = $"'{type.Name}.{method.Name}'";
            if (type.Name == "BitConverter" && method.Name.Contains("Bits"))
                return Pitfall(call, name, "ILGPU does not support it",
                    "KernelMath.AsUInt(float) or KernelMath.AsFloat(uint) (ILGPU: Interop.FloatAsInt / Interop.IntAsFloat), with an int cast where needed");
            if (type.Name != "MathF" && type.Name != "Math" && type.Name != "Single") return false;
            const string unresolved = "ILGPU leaves it an unresolved call in PTX and OpenCL";
            switch (method.Name)
            {
                case "FusedMultiplyAdd": return Pitfall(call, name, unresolved, "KernelMath.Fma(a, b, c)");
                case "Log2": return Pitfall(call, name, unresolved, "KernelMath.Log2(x)");
                case "Cbrt": return Pitfall(call, name, unresolved, "KernelMath.Cbrt(x)");
                default: return false;
            }
        }

        private bool UIntToFloat(ExpressionSyntax e) =>
            Pitfall(e, $"The uint-to-float conversion of '{e}'", "ILGPU converts through double, which OpenCL devices without fp64 refuse",
                "KernelMath.ToFloat(u), or '(float)(int)u' when the value is below 2^31");

        private static bool IsUIntToFloat(ITypeSymbol? from, ITypeSymbol? to) =>
            from?.SpecialType == SpecialType.System_UInt32 && to?.SpecialType == SpecialType.System_Single;

        private bool Pitfall(SyntaxNode node, string what, string why, string instead)
        {
            Report(Diagnostics.IlgpuPitfall, node.GetLocation(), what, why, instead);
            return true;
        }
    }
}
