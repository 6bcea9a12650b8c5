using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;

namespace Hero.PowerShell.Binding;

/// <summary>PowerShell binds a -x token to the cmdlet wherever it stands on the line when it names or
/// prefixes one of the cmdlet's parameters: `Invoke-HeroTask grep -v alpha` turns on -Verbose and runs
/// `grep alpha`. This reads the invocation's own text with PowerShell's parser, finds Hero's and the
/// common parameters bound from tokens written after the program (with no `--` before it), and says how
/// to write the line. Where the text is not there to read (a splat, a call from code), nothing changes.</summary>
internal static class CommandLineTrap
{
    /// <summary>The hidden switch whose aliases are the ambiguous prefixes of a cmdlet's parameters:
    /// bound instead of failing, so the error can name the way out.</summary>
    public const string AmbiguousSwitch = "__AmbiguousPrefix";

    // InvocationInfo.Statement (pwsh 7.4+) holds a statement that spans lines; Line only its first.
    private static readonly PropertyInfo? StatementProperty = typeof(InvocationInfo).GetProperty("Statement");

    /// <summary>An error to stop with, or null; <paramref name="nearMisses"/> names tokens given to the
    /// program that look like a misspelt Hero parameter.</summary>
    /// <param name="programParameters">The parameters that name the program (FilePath, ScriptPath):
    /// the program is their value, given by name, or else the first positional argument.</param>
    public static ErrorRecord? Check(PSCmdlet cmdlet, string[] programParameters, out IReadOnlyList<string> nearMisses)
    {
        nearMisses = [];
        InvocationInfo invocation = cmdlet.MyInvocation;
        bool ambiguous = invocation.BoundParameters.ContainsKey(AmbiguousSwitch);
        CommandAst? command = FindCommand(invocation);
        if (command is null || command.CommandElements.Any(e => e is VariableExpressionAst { Splatted: true }))
        {
            return ambiguous ? Error(cmdlet, "An abbreviated parameter name was ambiguous.", null) : null;
        }

        var line = new CommandLine(command, invocation.MyCommand.Parameters, programParameters);

        // With -ArgumentList named, the program's arguments are delimited: every other token is Hero's.
        bool argumentsNamed = line.BeforeProgram.Concat(line.AfterProgram).Any(t => line.Resolve(t.ParameterName) is { Length: 1 } m && m[0] == "ArgumentList");
        bool trapped = line.IsPositional && !argumentsNamed;
        foreach (CommandParameterAst token in trapped ? line.AfterProgram : [])
        {
            string[] matches = line.Resolve(token.ParameterName);
            if (matches.Length > 1 || (matches.Length == 1 && invocation.BoundParameters.ContainsKey(matches[0])))
            {
                string what = matches.Length == 1
                    ? $"was taken as {invocation.MyCommand.Name}'s -{matches[0]}"
                    : $"is ambiguous between {invocation.MyCommand.Name}'s " + string.Join(", ", matches.Select(m => "-" + m));
                return Error(cmdlet, $"'{token.Extent.Text}' after the program name {what}.", line.Rewritten());
            }
        }

        if (ambiguous)
        {
            CommandParameterAst? token = line.BeforeProgram.Concat(line.AfterProgram).FirstOrDefault(t => line.Resolve(t.ParameterName).Length > 1);
            return token is null
                ? Error(cmdlet, "An abbreviated parameter name was ambiguous.", null)
                : Error(cmdlet, $"'{token.Extent.Text}' is ambiguous: it could be " + string.Join(", ", line.Resolve(token.ParameterName).Select(m => "-" + m)) + ". Write more of the parameter's name.", null);
        }

        if (!line.HasEndOfParameters && trapped)
        {
            nearMisses = line.AfterProgram
                .Where(t => line.Resolve(t.ParameterName).Length == 0 && !t.ParameterName.StartsWith("-", StringComparison.Ordinal))
                .Select(t => NearMiss.Describe(t.Extent.Text, t.ParameterName, invocation.MyCommand.Name, line.ParameterNames))
                .OfType<string>()
                .ToList();
        }

        return null;
    }

    private static ErrorRecord Error(PSCmdlet cmdlet, string problem, string? rewritten)
    {
        string fix = rewritten is null
            ? $"Put {cmdlet.MyInvocation.MyCommand.Name}'s parameters first and '--' before the program."
            : $"Put {cmdlet.MyInvocation.MyCommand.Name}'s parameters first and '--' before the program: {rewritten}";
        var e = new ParameterBindingException(problem + " " + fix);
        return new ErrorRecord(e, "HeroParameterAfterProgram", ErrorCategory.InvalidArgument, null);
    }

    private static CommandAst? FindCommand(InvocationInfo invocation)
    {
        string? text = StatementProperty?.GetValue(invocation) as string;
        if (string.IsNullOrWhiteSpace(text)) text = invocation.Line;
        if (string.IsNullOrWhiteSpace(text)) return null;

        ScriptBlockAst ast = Parser.ParseInput(text, out _, out ParseError[] errors);
        if (errors.Length > 0) return null;
        var candidates = ast.FindAll(a => a is CommandAst c && string.Equals(c.GetCommandName(), invocation.InvocationName, StringComparison.OrdinalIgnoreCase), searchNestedScriptBlocks: true)
            .Cast<CommandAst>()
            .ToList();
        return candidates.Count == 1
            ? candidates[0]
            : candidates.FirstOrDefault(c => c.Extent.StartLineNumber == 1 && c.Extent.StartColumnNumber == invocation.OffsetInLine);
    }

    /// <summary>The elements of one command, split at the program: what came before it, the program,
    /// and the parameter tokens after it, resolved as the binder resolves names.</summary>
    private sealed class CommandLine
    {
        private readonly CommandAst _command;
        private readonly IDictionary<string, ParameterMetadata> _parameters;
        private readonly int _program = -1;

        // The -FilePath token when the program was given by name; it moves when the line is rewritten.
        private readonly int _programName = -1;

        public CommandLine(CommandAst command, IDictionary<string, ParameterMetadata> parameters, string[] programParameters)
        {
            _command = command;
            _parameters = parameters;
            var before = new List<CommandParameterAst>();
            var after = new List<CommandParameterAst>();
            var elements = command.CommandElements;
            for (int i = 1; i < elements.Count; i++)
            {
                if (elements[i] is CommandParameterAst token)
                {
                    if (token.Extent.Text == "--")
                    {
                        // The parser made everything after it a plain argument.
                        HasEndOfParameters = true;
                        break;
                    }

                    if (_program >= 0)
                    {
                        after.Add(token);
                        if (TakesValue(token)) i++;
                        continue;
                    }

                    if (token.Argument is null && Resolve(token.ParameterName) is { Length: 1 } named && programParameters.Contains(named[0], StringComparer.OrdinalIgnoreCase) && i + 1 < elements.Count)
                    {
                        _programName = i;
                        _program = ++i;
                        continue;
                    }

                    before.Add(token);
                    if (TakesValue(token)) i++;
                }
                else if (_program < 0)
                {
                    _program = i;
                }
                else
                {
                    HasPositionalArguments = true;
                }
            }

            BeforeProgram = before;
            AfterProgram = after;
        }

        public IReadOnlyList<CommandParameterAst> BeforeProgram { get; }

        public IReadOnlyList<CommandParameterAst> AfterProgram { get; }

        public bool HasEndOfParameters { get; }

        /// <summary>The positional form: the program, or some of its arguments, given by position —
        /// where a -x token could have been meant for the program. `-FilePath x -Quiet` is not.</summary>
        public bool IsPositional => _program >= 0 && (_programName < 0 || HasPositionalArguments);

        private bool HasPositionalArguments { get; set; }

        public IEnumerable<string> ParameterNames => _parameters.Keys.Where(n => n != AmbiguousSwitch);

        /// <summary>The parameters a token's name binds to: an exact name or alias, else every
        /// parameter it prefixes — the cmdlet's own before the common ones, as the binder prefers them.</summary>
        public string[] Resolve(string name)
        {
            if (name.Length == 0) return [];
            var exact = _parameters.Values.FirstOrDefault(p => p.Name != AmbiguousSwitch
                && (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || p.Aliases.Any(a => a.Equals(name, StringComparison.OrdinalIgnoreCase))));
            if (exact is not null) return [exact.Name];
            var prefixed = _parameters.Values
                .Where(p => p.Name != AmbiguousSwitch
                    && (p.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase) || p.Aliases.Any(a => a.StartsWith(name, StringComparison.OrdinalIgnoreCase))))
                .Select(p => p.Name)
                .ToList();
            var own = prefixed.Where(p => !IsCommon(p)).ToList();
            return (own.Count > 0 ? own : prefixed).OrderBy(p => p, StringComparer.OrdinalIgnoreCase).ToArray();
        }

        /// <summary>The same command with '--' before the program: what the user meant.</summary>
        public string Rewritten()
        {
            var elements = _command.CommandElements;
            var head = elements.Take(_program).Where((_, i) => i != _programName).Select(e => e.Extent.Text);
            var tail = elements.Skip(_program).Select(e => e.Extent.Text);
            return string.Join(" ", head.Concat(["--"]).Concat(tail));
        }

        private bool TakesValue(CommandParameterAst token)
        {
            if (token.Argument is not null) return false;
            string[] matches = Resolve(token.ParameterName);
            return matches.Length == 1 && _parameters[matches[0]].ParameterType != typeof(SwitchParameter);
        }

        // The binder prefers a cmdlet's own parameters to these; -WhatIf and -Confirm count as its own.
        private static bool IsCommon(string name) => Cmdlet.CommonParameters.Contains(name);
    }
}
