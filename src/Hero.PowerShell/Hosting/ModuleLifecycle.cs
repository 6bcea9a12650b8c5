using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using Hero.Logging;

namespace Hero.PowerShell.Hosting;

/// <summary>Called by Hero.psm1 when the module is imported and removed. The reflection lives here,
/// compiled, because the same calls from script cost the import about 20 ms.</summary>
public static class ModuleLifecycle
{
    private static readonly Type? TypeAccelerators =
        typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");

    private static readonly List<string> Accelerated = [];

    /// <param name="onRemove">Hero.psm1's call of <see cref="OnRemove"/>, run when the module goes away.</param>
    /// <returns>A warning for the host when HERO_LOG_PATH names a log file that cannot be written, else null.</returns>
    public static string? OnImport(PSModuleInfo outer, PSModuleInfo? inner, ScriptBlock? onRemove = null)
    {
        AddTypeAccelerators();
        if (inner is not null)
        {
            ReExportCmdlets(outer, inner);
        }

        if (onRemove is not null)
        {
            outer.OnRemove = onRemove;
        }

        return LogPathWarning();
    }

    public static void OnRemove()
    {
        HeroLog.Shutdown(TimeSpan.FromSeconds(3));
        RemoveTypeAccelerators();
    }

    /// <summary>The log is left alone unless HERO_LOG_PATH names a file: a process that writes no
    /// log file never sets it up.</summary>
    private static string? LogPathWarning()
    {
        string? path = Environment.GetEnvironmentVariable("HERO_LOG_PATH");
        if (string.IsNullOrEmpty(path) || HeroLog.Settings.FileError is not { } problem)
        {
            return null;
        }

        return $"Hero cannot write the log file named by HERO_LOG_PATH ('{path}'): {problem}";
    }

    /// <summary>The engine's public types and the cmdlets' exceptions live in Hero's load context,
    /// where scripts cannot name them; type accelerators make [Hero.HeroTaskResult] and
    /// catch [Hero.PowerShell.Errors.HeroRetryExhaustedException] resolve.</summary>
    private static void AddTypeAccelerators()
    {
        MethodInfo? add = TypeAccelerators?.GetMethod("Add", [typeof(string), typeof(Type)]);
        if (add is null) return;
        lock (Accelerated)
        {
            IEnumerable<Type> exceptions = typeof(ModuleLifecycle).Assembly.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t));
            foreach (Type type in typeof(HeroTaskResult).Assembly.GetExportedTypes().Concat(exceptions))
            {
                if (type.IsNested || type.FullName is not { } name) continue;
                add.Invoke(null, [name, type]);
                Accelerated.Add(name);
            }
        }
    }

    private static void RemoveTypeAccelerators()
    {
        MethodInfo? remove = TypeAccelerators?.GetMethod("Remove", [typeof(string)]);
        if (remove is null) return;
        lock (Accelerated)
        {
            foreach (string name in Accelerated) remove.Invoke(null, [name]);
            Accelerated.Clear();
        }
    }

    /// <summary>Import-Module -Force on a module that imports an assembly returns the cached inner
    /// module and the cmdlets vanish from the outer one (PowerShell/PowerShell#20710): export them
    /// from the outer module explicitly.</summary>
    private static void ReExportCmdlets(PSModuleInfo outer, PSModuleInfo inner)
    {
        MethodInfo? addExportedCmdlet = typeof(PSModuleInfo).GetMethod("AddExportedCmdlet", BindingFlags.Instance | BindingFlags.NonPublic);
        if (addExportedCmdlet is null) return;
        foreach (CmdletInfo cmdlet in inner.ExportedCmdlets.Values)
        {
            addExportedCmdlet.Invoke(outer, [cmdlet]);
        }
    }
}
