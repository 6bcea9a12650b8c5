using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Hero.Health.Checks;

namespace Hero.Health;

/// <summary>Turns check definitions (hashtables, .psd1 entries, JSON objects) into checks, and knows
/// the default set Test-HeroHealth runs when it is given none.</summary>
public static class HealthCheckFactory
{
    private sealed record KindInfo(string[] Keys, Func<HealthFields, HealthCheck> Create);

    private static readonly Dictionary<string, KindInfo> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PowerShell"] = new(PowerShellVersionCheck.Keys, PowerShellVersionCheck.Create),
        ["DotNet"] = new(DotNetVersionCheck.Keys, DotNetVersionCheck.Create),
        ["DiskFree"] = new(DiskFreeCheck.Keys, DiskFreeCheck.Create),
        ["Memory"] = new(MemoryAvailableCheck.Keys, MemoryAvailableCheck.Create),
        ["Command"] = new(CommandVersionCheck.Keys, CommandVersionCheck.Create),
        ["TcpPort"] = new(TcpPortCheck.Keys, TcpPortCheck.Create),
        ["Http"] = new(HttpEndpointCheck.Keys, HttpEndpointCheck.Create),
        ["Git"] = new(GitWorkingTreeCheck.Keys, GitWorkingTreeCheck.Create),
        ["BackupAge"] = new(BackupAgeCheck.Keys, BackupAgeCheck.Create),
        ["LogErrors"] = new(LogErrorsCheck.Keys, LogErrorsCheck.Create),
        ["Custom"] = new(CustomCommandCheck.Keys, CustomCommandCheck.Create),
    };

    public static IEnumerable<string> KindNames => Kinds.Keys.OrderBy(k => k, StringComparer.Ordinal);

    /// <param name="source">Where the definition came from, for error messages: "checks.psd1, check #2".</param>
    /// <param name="defaultTimeout">The timeout of a check that gives none (-CheckTimeout).</param>
    /// <exception cref="HealthCheckDefinitionException"/>
    public static HealthCheck Create(IDictionary definition, string source, TimeSpan defaultTimeout)
    {
        var fields = new HealthFields(definition, source);
        string? name = fields.String("Name");
        if (name is not null) fields.Named(name);
        string kind = fields.String("Kind", required: true)!;
        if (!Kinds.TryGetValue(kind, out KindInfo? info))
        {
            throw fields.Problem("Kind", $"'{kind}' is not a check kind. Kinds: {string.Join(", ", KindNames)}.");
        }

        fields.RejectUnknown(HealthCheck.CommonKeys.Concat(info.Keys));
        TimeSpan timeout = fields.Duration("Timeout", defaultTimeout);
        HeroTaskDefinition? fix = Fix(fields);
        HealthCheck check = info.Create(fields);
        check.Name = name ?? check.Kind;
        check.Timeout = timeout;
        check.Fix = fix;
        if (fix is not null) fix.Name = check.Name + " fix";
        return check;
    }

    /// <summary>Fix = @('git', 'stash') (a program and its arguments) or a single program; FixTimeout
    /// bounds it (default 10 minutes).</summary>
    private static HeroTaskDefinition? Fix(HealthFields fields)
    {
        string[]? command = fields.Strings("Fix");
        TimeSpan timeout = fields.Duration("FixTimeout", HealthCheck.DefaultFixTimeout);
        if (command is null) return null;
        if (command.Length == 0 || command[0].Trim().Length == 0) throw fields.Problem("Fix", "must name a program, for example @('git', 'stash').");
        return new HeroTaskDefinition { FilePath = command[0], ArgumentList = command.Skip(1).ToArray(), Timeout = timeout };
    }

    /// <summary>Two checks may not share a name: results, fixes and reports are keyed by it.</summary>
    /// <exception cref="HealthCheckDefinitionException"/>
    public static void RejectDuplicateNames(IEnumerable<HealthCheck> checks)
    {
        IGrouping<string, HealthCheck>? duplicate = checks.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new HealthCheckDefinitionException($"Two checks are named '{duplicate.Key}'; give each check its own Name.", "Name");
        }
    }

    /// <summary>What Test-HeroHealth checks when given no checks: PowerShell, .NET, disk and memory
    /// (none of which starts anything), plus the git working tree when the location is in a git
    /// repository, and backup age when a backup destination is there.</summary>
    public static IReadOnlyList<HealthCheck> Defaults(HealthContext context, TimeSpan defaultTimeout)
    {
        var definitions = new List<Hashtable>
        {
            new() { ["Kind"] = "PowerShell" },
            new() { ["Kind"] = "DotNet" },
            new() { ["Kind"] = "DiskFree" },
            new() { ["Kind"] = "Memory" },
        };
        string? top = Backup.GitRepository.FindTopLevel(context.BaseDirectory);
        if (top is not null)
        {
            definitions.Add(new Hashtable { ["Kind"] = "Git", ["Path"] = top });
        }

        string backups = System.IO.Path.Combine(top ?? context.BaseDirectory, Backup.BackupOptions.DefaultDestinationName);
        if (System.IO.File.Exists(Backup.BackupManifest.LastPath(backups)))
        {
            definitions.Add(new Hashtable { ["Kind"] = "BackupAge", ["Path"] = backups });
        }

        return definitions.Select((d, i) => Create(d, $"default check #{i + 1}", defaultTimeout)).ToList();
    }
}
