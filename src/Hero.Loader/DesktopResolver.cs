#if !NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace Hero.Loader;

/// <summary>Windows PowerShell 5.1 has no load contexts and no binding redirects for modules. This
/// handler answers only for assembly names that ship in Hero's folder, with Hero's copy, whatever
/// version was asked for: the redirects the closure of Polly and Serilog needs.</summary>
internal static class DesktopResolver
{
    private static readonly Dictionary<string, string> s_shipped = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, Assembly> s_loaded = new(StringComparer.OrdinalIgnoreCase);
    private static bool s_registered;

    public static void Register(string directory)
    {
        if (s_registered)
        {
            return;
        }

        foreach (string file in Directory.GetFiles(directory, "*.dll"))
        {
            s_shipped[Path.GetFileNameWithoutExtension(file)] = file;
        }

        AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
        s_registered = true;
    }

    private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
    {
        string name = new AssemblyName(args.Name).Name ?? string.Empty;
        if (!s_shipped.TryGetValue(name, out string? path))
        {
            return null;
        }

        lock (s_loaded)
        {
            if (!s_loaded.TryGetValue(name, out Assembly? assembly))
            {
                assembly = Assembly.LoadFrom(path);
                s_loaded[name] = assembly;
            }

            return assembly;
        }
    }
}
#endif
