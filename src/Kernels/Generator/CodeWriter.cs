using System.Collections.Generic;
using System.Text;

namespace KernelGen.Generator
{
    /// <summary>Collects generated C lines, remembering for each the C# line it came from.</summary>
    internal sealed class CodeWriter
    {
        private readonly StringBuilder _text = new StringBuilder();
        private readonly List<int> _map = new List<int>();
        private int _indent;

        public int SourceLine { get; set; }

        public void Line(string text)
        {
            _text.Append(' ', _indent * 4).Append(text).Append('\n');
            _map.Add(SourceLine);
        }

        public void Open(string text)
        {
            Line(text);
            _indent++;
        }

        public void Close(string text = "}")
        {
            _indent--;
            Line(text);
        }

        /// <summary>A line between two blocks, such as <c>} else {</c>.</summary>
        public void Middle(string text)
        {
            _indent--;
            Line(text);
            _indent++;
        }

        public void Append(CodeWriter other)
        {
            _text.Append(other._text);
            _map.AddRange(other._map);
        }

        public string Text => _text.ToString();

        public IReadOnlyList<int> LineMap => _map;
    }
}
