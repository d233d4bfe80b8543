using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace KernelGen.Generator
{
    /// <summary>
    /// One [Specialize] of a generic kernel: its name, the struct that closes the type parameter, and the constant
    /// each property of the shape interface takes for that struct.
    /// </summary>
    internal sealed class Specialization
    {
        private readonly Dictionary<IPropertySymbol, object> _values;

        public Specialization(string name, INamedTypeSymbol typeArgument, Dictionary<IPropertySymbol, object> values)
        {
            Name = name;
            TypeArgument = typeArgument;
            _values = values;
        }

        public string Name { get; }

        public INamedTypeSymbol TypeArgument { get; }

        /// <summary>The type argument as C# source, e.g. <c>global::N.Tile64Shape</c>.</summary>
        public string TypeArgumentSource => TypeArgument.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

        /// <summary>The constant that <c>default(T).<paramref name="property"/></c> reads (a property of the shape interface).</summary>
        public bool TryGetValue(IPropertySymbol property, out object value) =>
            _values.TryGetValue(property.OriginalDefinition, out value!);
    }
}
