using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator
{
    /// <summary>One stored member of a struct parameter: a field, or a get-only auto-property's backing field.</summary>
    internal sealed class KernelStructField
    {
        public KernelStructField(ISymbol member, Scalar type)
        {
            Member = member;
            Type = type;
        }

        /// <summary>The field or auto-property the kernel reads.</summary>
        public ISymbol Member { get; }

        public Scalar Type { get; }

        public string Name => Member.Name;
    }

    /// <summary>
    /// A user struct passed to a kernel by value: its stored members in declaration order, every one a 4-byte
    /// int, uint or float, so the C# sequential layout and the rendered C struct agree without padding.
    /// </summary>
    internal sealed class KernelStruct
    {
        /// <summary>The most bytes a struct argument may hold (what <c>KernelArg</c> carries inline).</summary>
        public const int MaxSize = 64;

        private KernelStruct(INamedTypeSymbol type, IReadOnlyList<KernelStructField> fields)
        {
            Type = type;
            Fields = fields;
        }

        public INamedTypeSymbol Type { get; }

        public IReadOnlyList<KernelStructField> Fields { get; }

        public int Size => Fields.Count * 4;

        /// <summary>The C type name, shared by CUDA and OpenCL.</summary>
        public string CName => KernelTranslator.Id(Type.Name);

        /// <summary>Whether a kernel parameter of this type is meant as a struct parameter (a user-declared struct).</summary>
        public static bool IsCandidate(ITypeSymbol type) =>
            type.TypeKind == TypeKind.Struct && type.SpecialType == SpecialType.None && !type.IsRefLikeType
            && type.ContainingNamespace?.ToDisplayString() != "KernelGen" && !KernelTranslator.IsIlgpuSymbol(type);

        /// <summary>Reads the layout of <paramref name="type"/>, reporting each reason it cannot be a struct parameter.</summary>
        public static KernelStruct? Read(ITypeSymbol type, Location fallback, List<Diagnostic>? diagnostics)
        {
            int before = diagnostics?.Count ?? 0;
            bool failed = false;
            void Fail(Location? location, string message)
            {
                failed = true;
                diagnostics?.Add(Diagnostic.Create(Diagnostics.BadStruct, location ?? fallback, type.Name, message));
            }

            var named = (INamedTypeSymbol)type;
            var declarations = named.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
            var at = declarations.FirstOrDefault()?.Identifier.GetLocation();
            if (declarations.Count != 1) Fail(at, "a struct parameter must be declared in C# in this compilation, in one declaration (its member order is its layout)");
            if (named.IsGenericType) Fail(at, "a struct parameter cannot be generic");
            if (declarations.Any(d => d.ParameterList != null)) Fail(at, "declare its fields or auto-properties explicitly instead of a primary constructor");
            if (HasNonSequentialLayout(named)) Fail(at, "it must keep the default sequential layout (no LayoutKind.Explicit, Pack or Size)");

            var fields = new List<KernelStructField>();
            foreach (var member in named.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared) continue;
                ITypeSymbol? memberType = null;
                if (member is IFieldSymbol field && !field.IsConst && field.AssociatedSymbol is null) memberType = field.Type;
                else if (member is IPropertySymbol property && IsAutoProperty(property)) memberType = property.Type;
                else if (member is IEventSymbol) Fail(member.Locations.FirstOrDefault(), $"event '{member.Name}' cannot be part of a struct parameter");
                if (memberType is null) continue;
                var scalar = KernelTranslator.ScalarKind(memberType);
                if (scalar == Scalar.Int || scalar == Scalar.UInt || scalar == Scalar.Float) fields.Add(new KernelStructField(member, scalar));
                else Fail(member.Locations.FirstOrDefault(),
                    $"'{member.Name}' is {memberType.ToDisplayString()}; a struct parameter holds only int, uint and float fields and get-only auto-properties (4 bytes each, so C and C# lay it out alike)");
            }
            if (!failed && fields.Count == 0) Fail(at, "it has no int, uint or float fields");
            if (!failed && fields.Count * 4 > MaxSize) Fail(at, $"it holds {fields.Count * 4} bytes; a struct argument holds at most {MaxSize} ({MaxSize / 4} fields)");
            return failed || (diagnostics?.Count ?? 0) > before ? null : new KernelStruct(named, fields);
        }

        /// <summary>The stored member <paramref name="member"/> refers to, or null for a computed property or a method.</summary>
        public KernelStructField? Field(ISymbol? member) =>
            Fields.FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.Member, member));

        private static bool IsAutoProperty(IPropertySymbol property)
        {
            if (property.IsIndexer) return false;
            var syntax = property.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<PropertyDeclarationSyntax>().FirstOrDefault();
            return syntax != null && syntax.ExpressionBody is null && syntax.AccessorList != null
                && syntax.AccessorList.Accessors.All(a => a.Body is null && a.ExpressionBody is null);
        }

        private static bool HasNonSequentialLayout(INamedTypeSymbol type)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() != "System.Runtime.InteropServices.StructLayoutAttribute") continue;
                if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int kind && kind != 0) return true;
                if (attribute.NamedArguments.Any(n => n.Key == "Pack" || n.Key == "Size")) return true;
            }
            return false;
        }
    }
}
