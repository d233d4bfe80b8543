using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator
{
    /// <summary>
    /// Reads the [Specialize] attributes of a generic kernel and checks the rules that make each one a closed,
    /// constant-folded kernel: one type parameter <c>where T : struct, IShape</c>, an interface of get-only
    /// properties, struct arguments whose properties return constants, distinct names, and a body that reads
    /// the type parameter only as <c>default(T).Property</c>.
    /// </summary>
    internal static class SpecializationReader
    {
        private const string SpecializeAttribute = "KernelGen.SpecializeAttribute";

        /// <summary>
        /// The kernel's specializations; empty for a kernel that is not generic. Problems are added to
        /// <paramref name="diagnostics"/>.
        /// </summary>
        public static List<Specialization> Read(IMethodSymbol kernel, MethodDeclarationSyntax syntax, SemanticModel model, List<Diagnostic> diagnostics)
        {
            var result = new List<Specialization>();
            var attributes = kernel.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == SpecializeAttribute).ToList();
            void Fail(Location? location, string message) =>
                diagnostics.Add(Diagnostic.Create(Diagnostics.BadSpecialization, location ?? syntax.Identifier.GetLocation(), kernel.Name, message));

            if (!kernel.IsGenericMethod)
            {
                if (attributes.Count > 0) Fail(null, "[Specialize] applies to generic kernels only");
                return result;
            }
            if (kernel.TypeParameters.Length != 1)
            {
                Fail(null, "a generic kernel has exactly one type parameter, 'where TShape : struct, IShape'");
                return result;
            }
            var parameter = kernel.TypeParameters[0];
            var shape = parameter.ConstraintTypes.Length == 1 ? parameter.ConstraintTypes[0] as INamedTypeSymbol : null;
            if (!parameter.HasValueTypeConstraint || shape is null || shape.TypeKind != TypeKind.Interface)
            {
                Fail(null, $"the type parameter must be constrained 'where {parameter.Name} : struct, ISomeShape' with one interface");
                return result;
            }
            var properties = shape.GetMembers().OfType<IPropertySymbol>().ToList();
            if (shape.GetMembers().Any(m => !(m is IPropertySymbol) && !(m is IMethodSymbol { AssociatedSymbol: IPropertySymbol }))
                || properties.Any(p => p.IsStatic || p.SetMethod != null || p.Parameters.Length > 0))
            {
                Fail(null, $"the interface '{shape.Name}' may declare only get-only instance properties");
                return result;
            }
            if (attributes.Count == 0)
                Fail(null, $"a generic kernel lists its specializations with [Specialize(typeof(SomeShape), \"Name\")], one per closed kernel");
            CheckTypeParameterUses(syntax, parameter, model, diagnostics, kernel.Name);

            var names = new HashSet<string>();
            foreach (var attribute in attributes)
            {
                var location = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation();
                if (attribute.ConstructorArguments.Length != 2 || !(attribute.ConstructorArguments[1].Value is string name)) continue;
                if (!SyntaxFacts.IsValidIdentifier(name)) { Fail(location, $"the specialization name '{name}' is not a C# identifier"); continue; }
                if (!names.Add(name)) { Fail(location, $"two specializations are named '{name}'"); continue; }
                var argument = attribute.ConstructorArguments[0].Value as INamedTypeSymbol;
                if (argument is null || argument.TypeKind != TypeKind.Struct || argument.IsUnboundGenericType
                    || !argument.AllInterfaces.Contains(shape, SymbolEqualityComparer.Default))
                {
                    Fail(location, $"the type argument '{argument?.ToDisplayString() ?? "?"}' of '{name}' does not satisfy 'where {parameter.Name} : struct, {shape.Name}'");
                    continue;
                }
                var values = new Dictionary<IPropertySymbol, object>(SymbolEqualityComparer.Default);
                foreach (var property in properties)
                    if (TryReadConstant(argument, property, model.Compilation, out var value, out var where)) values[property] = value;
                    else Fail(where ?? location, $"'{argument.Name}.{property.Name}' must be an expression-bodied property returning a compile-time int, uint, float or bool constant");
                if (values.Count == properties.Count) result.Add(new Specialization(name, argument, values));
            }
            return result;
        }

        /// <summary>The constant returned by the struct's implementation of an interface property, <c>int Size => 64;</c>.</summary>
        private static bool TryReadConstant(INamedTypeSymbol type, IPropertySymbol property, Compilation compilation, out object value, out Location? location)
        {
            value = null!;
            var implementation = type.FindImplementationForInterfaceMember(property) as IPropertySymbol;
            location = implementation?.Locations.FirstOrDefault(l => l.IsInSource);
            var declaration = implementation?.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<PropertyDeclarationSyntax>().FirstOrDefault();
            var expression = declaration?.ExpressionBody?.Expression
                ?? declaration?.AccessorList?.Accessors.SingleOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration))?.ExpressionBody?.Expression;
            if (expression is null) return false;
            var constant = compilation.GetSemanticModel(expression.SyntaxTree).GetConstantValue(expression);
            if (!constant.HasValue || !(constant.Value is int || constant.Value is uint || constant.Value is float || constant.Value is bool)) return false;
            value = constant.Value;
            return true;
        }

        /// <summary>Every mention of the type parameter in the body must be the <c>T</c> of <c>default(T).Property</c>.</summary>
        private static void CheckTypeParameterUses(MethodDeclarationSyntax syntax, ITypeParameterSymbol parameter, SemanticModel model,
            List<Diagnostic> diagnostics, string kernel)
        {
            var body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody;
            if (body is null) return;
            foreach (var name in body.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name).Symbol, parameter)) continue;
                if (name.Parent is DefaultExpressionSyntax d && d.Parent is MemberAccessExpressionSyntax member && member.Expression == d
                    && model.GetSymbolInfo(member).Symbol is IPropertySymbol) continue;
                diagnostics.Add(Diagnostic.Create(Diagnostics.BadSpecialization, name.GetLocation(), kernel,
                    $"'{name}' stands for the type parameter '{parameter.Name}', which a kernel may only read as default({parameter.Name}).Property"));
            }
        }
    }
}
