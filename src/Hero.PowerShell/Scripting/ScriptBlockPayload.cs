using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;
using Hero.PowerShell.Binding;
using Hero.Tasks;

namespace Hero.PowerShell.Scripting;

/// <summary>A script block made ready to run elsewhere (a pooled runspace or a child pwsh): its text
/// with every $using:name rewritten to a plain variable, the values of those variables taken from the
/// caller's scope when the task was defined, and the pipeline object it works on ($_).</summary>
internal sealed class ScriptBlockPayload : IHostScript
{
    public const string UsingPrefix = "__heroUsing_";

    private ScriptBlockPayload(string script, Dictionary<string, object?> usingValues, string display)
    {
        Script = script;
        UsingValues = usingValues;
        Display = display;
    }

    public string Script { get; }

    public Dictionary<string, object?> UsingValues { get; }

    public string Display { get; }

    public bool HasInput { get; private set; }

    public object? InputObject { get; private set; }

    public object[] Arguments { get; private set; } = [];

    public ScriptBlockPayload WithInput(object? input, bool hasInput, object[] arguments) =>
        new(Script, UsingValues, Display) { InputObject = input, HasInput = hasInput, Arguments = arguments };

    public static ScriptBlockPayload Create(ScriptBlock block, SessionState caller)
    {
        Ast root = block.Ast;
        string text = root.Extent.Text;
        int origin = root.Extent.StartOffset;
        var usings = root.FindAll(a => a is UsingExpressionAst, searchNestedScriptBlocks: true).Cast<UsingExpressionAst>()
            .OrderByDescending(u => u.Extent.StartOffset).ToList();
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        var builder = new StringBuilder(text);
        foreach (UsingExpressionAst usingAst in usings)
        {
            VariableExpressionAst variable = UsingExpressionAst.ExtractUsingVariable(usingAst);
            string name = variable.VariablePath.UserPath;
            string local = UsingPrefix + Sanitize(name);
            if (!values.ContainsKey(local))
            {
                values[local] = ValueOf(name, caller);
            }

            // Replace only "$using:name" (the variable part); member access or indexing after it stays.
            int start = variable.Extent.StartOffset - origin;
            builder.Remove(start, variable.Extent.EndOffset - variable.Extent.StartOffset);
            builder.Insert(start, "$" + local);
        }

        string rewritten = builder.ToString().Trim();
        if (root is ScriptBlockAst && rewritten.StartsWith("{", StringComparison.Ordinal) && rewritten.EndsWith("}", StringComparison.Ordinal))
        {
            rewritten = rewritten.Substring(1, rewritten.Length - 2);
        }

        return new ScriptBlockPayload(rewritten, values, Shorten(block.ToString()));
    }

    public override string ToString() => "{ " + Display + " }";

    /// <summary>Code as one line of at most 60 characters.</summary>
    public static string Shorten(string code)
    {
        string line = code.Trim().Replace("\r", " ").Replace("\n", " ");
        return line.Length > 60 ? line.Substring(0, 57) + "..." : line;
    }

    private static object? ValueOf(string name, SessionState caller)
    {
        if (name.StartsWith("env:", StringComparison.OrdinalIgnoreCase))
        {
            return Environment.GetEnvironmentVariable(name.Substring(4));
        }

        return DictionaryConversion.UnwrapKeepingProperties(caller.PSVariable.GetValue(name));
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray();
        return new string(chars);
    }
}
