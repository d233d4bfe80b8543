using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KernelGen.Generator
{
    internal sealed partial class KernelTranslator
    {
        private void Statement(StatementSyntax statement)
        {
            _w.SourceLine = LineOf(statement);
            switch (statement)
            {
                case BlockSyntax block:
                    _w.Open("{");
                    foreach (var s in block.Statements) Statement(s);
                    _w.Close();
                    break;
                case LocalDeclarationStatementSyntax local:
                    LocalDeclaration(local);
                    break;
                case ExpressionStatementSyntax expression:
                    _w.Line(StatementExpression(expression.Expression) + ";");
                    break;
                case IfStatementSyntax ifStatement:
                    If(ifStatement, "if");
                    break;
                case ForStatementSyntax forStatement:
                    For(forStatement);
                    break;
                case WhileStatementSyntax whileStatement:
                    _w.Open($"while ({Expr(whileStatement.Condition)}) {{");
                    Body(whileStatement.Statement);
                    _w.Close();
                    break;
                case DoStatementSyntax doStatement:
                    _w.Open("do {");
                    Body(doStatement.Statement);
                    _w.SourceLine = LineOf(doStatement.Condition);
                    _w.Close($"}} while ({Expr(doStatement.Condition)});");
                    break;
                case BreakStatementSyntax _:
                    _w.Line("break;");
                    break;
                case ContinueStatementSyntax _:
                    _w.Line("continue;");
                    break;
                case ReturnStatementSyntax ret:
                    if (ret.Expression is null) _w.Line("return;");
                    else if (!_inHelper) Report(Diagnostics.Unsupported, ret.GetLocation(), "Returning a value", "kernels return void");
                    else _w.Line($"return {Expr(ret.Expression)};");
                    break;
                case EmptyStatementSyntax _:
                    break;
                default:
                    Report(Diagnostics.Unsupported, statement.GetLocation(), $"The statement '{statement.Kind()}'",
                        "use locals, if/else, for, while, do, break, continue and return");
                    break;
            }
        }

        /// <summary>The statements of a loop or branch body, without adding a block of its own.</summary>
        private void Body(StatementSyntax statement)
        {
            if (statement is BlockSyntax block)
                foreach (var s in block.Statements) Statement(s);
            else
                Statement(statement);
        }

        private void If(IfStatementSyntax statement, string keyword)
        {
            _w.SourceLine = LineOf(statement);
            _w.Open($"{keyword} ({Expr(statement.Condition)}) {{");
            Body(statement.Statement);
            if (statement.Else is null)
            {
                _w.Close();
                return;
            }
            _w.SourceLine = LineOf(statement.Else);
            if (statement.Else.Statement is IfStatementSyntax elseIf)
            {
                _w.Close("}");
                If(elseIf, "else if");
                return;
            }
            _w.Middle("} else {");
            Body(statement.Else.Statement);
            _w.Close();
        }

        private void For(ForStatementSyntax statement)
        {
            string init = "";
            if (statement.Declaration != null)
            {
                var type = _model.GetTypeInfo(statement.Declaration.Type).Type;
                var ctype = CType(ScalarOf(type!, statement.Declaration.Type.GetLocation()));
                init = ctype + " " + string.Join(", ", statement.Declaration.Variables.Select(v =>
                    v.Initializer is null ? Id(v.Identifier.ValueText) : $"{Id(v.Identifier.ValueText)} = {Expr(v.Initializer.Value)}"));
            }
            else if (statement.Initializers.Count > 0)
                init = string.Join(", ", statement.Initializers.Select(StatementExpression));
            var condition = statement.Condition is null ? "" : Expr(statement.Condition);
            var step = string.Join(", ", statement.Incrementors.Select(StatementExpression));
            _w.Open($"for ({init}; {condition}; {step}) {{");
            Body(statement.Statement);
            _w.SourceLine = LineOf(statement);
            _w.Close();
        }

        private void LocalDeclaration(LocalDeclarationStatementSyntax local)
        {
            if (local.IsConst) return; // constants are folded where they are used
            foreach (var variable in local.Declaration.Variables)
            {
                var symbol = _model.GetDeclaredSymbol(variable);
                var name = Id(variable.Identifier.ValueText);
                var init = variable.Initializer?.Value;
                if (symbol is ILocalSymbol l && TryViewElement(l.Type, out var element))
                {
                    ArrayLocal(local, variable, symbol, name, element, init);
                    continue;
                }
                var type = symbol is ILocalSymbol ls ? ls.Type : null;
                var scalar = ScalarOf(type!, variable.GetLocation());
                _w.Line(init is null ? $"{CType(scalar)} {name};" : $"{CType(scalar)} {name} = {Expr(init)};");
            }
        }

        /// <summary><c>LocalMemory.Allocate&lt;T&gt;(N)</c> becomes a private array; <c>SharedMemory.Allocate&lt;T&gt;(N)</c> a group-shared one.</summary>
        private void ArrayLocal(LocalDeclarationStatementSyntax local, VariableDeclaratorSyntax variable, ISymbol symbol,
            string name, Scalar element, ExpressionSyntax? init)
        {
            if (init != null && ReportIlgpuPitfall(init)) return;
            ExpressionSyntax? size = null;
            bool shared = false;
            if (init is InvocationExpressionSyntax call && _model.GetSymbolInfo(call).Symbol is IMethodSymbol m && m.Name == "Allocate"
                && (IsLanguageType(m.ContainingType, "LocalMemory") || IsLanguageType(m.ContainingType, "SharedMemory"))
                && call.ArgumentList.Arguments.Count == 1)
            {
                size = call.ArgumentList.Arguments[0].Expression;
                shared = m.ContainingType.Name == "SharedMemory";
            }
            if (size is null && init is InvocationExpressionSyntax sub && sub.Expression is MemberAccessExpressionSyntax subTarget
                && _model.GetSymbolInfo(sub).Symbol is IMethodSymbol subView && subView.Name == "SubView"
                && (IsKernelGenType(subView.ContainingType, "ArrayView") || IsIlgpuView(subView.ContainingType)))
            {
                SubViewLocal(sub, subTarget, symbol, name, element);
                return;
            }
            if (size is null && init != null && _model.GetSymbolInfo(init).Symbol is IMethodSymbol ilgpu && IsIlgpuSymbol(ilgpu))
            {
                IlgpuUnsupported(init, $"{ilgpu.ContainingType.ToDisplayString()}.{ilgpu.Name}");
                return;
            }
            if (size is null)
            {
                Report(Diagnostics.Unsupported, variable.GetLocation(), "This array local",
                    "declare arrays as 'var a = LocalMemory.Allocate<T>(N)' or 'var s = SharedMemory.Allocate<T>(N)' with a constant N; views cannot be copied into locals");
                return;
            }
            if (!TryConstant(size, out var constant) || !(constant is int length) || length <= 0)
            {
                Report(Diagnostics.Unsupported, size.GetLocation(), "A non-constant array size", "the length must be a positive compile-time constant");
                return;
            }
            _arrayLengths[symbol] = length;
            if (!shared)
            {
                _w.Line($"{CType(element)} {name}[{length}] = {{0}};");
                return;
            }
            UsesGroupFeatures = true;
            if (_inHelper || _shape != Shape.Grouped)
                Report(Diagnostics.Unsupported, init!.GetLocation(), "Shared memory here", "only explicitly grouped kernels (no Index1D/Index2D parameter) may allocate it, in the kernel body");
            else if (local.Parent != _kernelBody)
                Report(Diagnostics.Unsupported, init!.GetLocation(), "Shared memory inside a nested block", "allocate it at the top level of the kernel body");
            _w.Line($"{_d.SharedPrefix}{CType(element)} {name}[{length}];");
        }

        /// <summary>
        /// <c>var v = x.SubView(offset, length)</c> (or <c>x.SubView(offset)</c>, to the end) of a view parameter or another
        /// such local: a pointer into the same global memory and its length, indexed and measured like a view parameter.
        /// </summary>
        private void SubViewLocal(InvocationExpressionSyntax call, MemberAccessExpressionSyntax target, ISymbol symbol, string name, Scalar element)
        {
            var source = _model.GetSymbolInfo(target.Expression).Symbol;
            var args = call.ArgumentList.Arguments;
            if (source is null || !_views.Contains(source) || args.Count < 1 || args.Count > 2)
            {
                Report(Diagnostics.Unsupported, call.GetLocation(), $"The sub-view '{call}'",
                    "SubView(offset) or SubView(offset, length) applies to a view parameter or another SubView local, not to shared or local arrays");
                return;
            }
            var from = Id(source.Name);
            var offset = Expr(args[0].Expression);
            var length = args.Count == 2 ? Expr(args[1].Expression) : $"({from}_len - {offset})";
            _w.Line($"{_d.GlobalPointer}{CType(element)}* {name} = {from} + {offset};");
            _w.Line($"const int {name}_len = {length};");
            _views.Add(symbol);
        }

        /// <summary>An expression used as a statement: assignments and increments need no outer parentheses.</summary>
        private string StatementExpression(ExpressionSyntax expression)
        {
            switch (expression)
            {
                case AssignmentExpressionSyntax assignment:
                    CheckAssignable(assignment.Left);
                    return $"{Expr(assignment.Left)} {assignment.OperatorToken.Text} {Expr(assignment.Right)}";
                case InvocationExpressionSyntax call when _model.GetSymbolInfo(call).Symbol is IMethodSymbol m
                    && IsLanguageType(m.ContainingType, "Group") && m.Name == "Barrier":
                    UsesGroupFeatures = true;
                    if (_inHelper || _shape != Shape.Grouped)
                        Report(Diagnostics.Unsupported, call.GetLocation(), "Group.Barrier() here", "only explicitly grouped kernels may synchronize their group");
                    return _d.Barrier;
                default:
                    return Expr(expression);
            }
        }

        private void CheckAssignable(ExpressionSyntax target)
        {
            if (_model.GetSymbolInfo(target).Symbol is ILocalSymbol v && _views.Contains(v))
                Report(Diagnostics.Unsupported, target.GetLocation(), $"Assigning to '{v.Name}'", "a SubView local is read-only; assign to its elements instead");
            if (_model.GetSymbolInfo(target).Symbol is IParameterSymbol p && (_views.Contains(p) || SymbolEqualityComparer.Default.Equals(p, _index)))
                Report(Diagnostics.Unsupported, target.GetLocation(), $"Assigning to '{p.Name}'", "views and the index are read-only; assign to elements instead");
            if (IsStructMember(target))
                Report(Diagnostics.Unsupported, target.GetLocation(), $"Assigning to '{target}'", "struct parameters are read-only; copy the field into a local");
        }
    }
}
