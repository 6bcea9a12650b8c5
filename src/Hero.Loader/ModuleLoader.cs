using System;
using System.IO;
using System.Reflection;

namespace Hero.Loader;

/// <summary>Called by Hero.psm1: returns the cmdlet assembly, loaded so that Hero's own copies of
/// Polly and Serilog never meet another module's copies.</summary>
public static class ModuleLoader
{
    private const string CmdletAssemblyName = "Hero.PowerShell";
    private static readonly object Gate = new();
    private static Assembly? s_cmdletAssembly;

    public static Assembly Initialize()
    {
        lock (Gate)
        {
            if (s_cmdletAssembly is not null)
            {
                return s_cmdletAssembly;
            }

            string directory = Path.GetDirectoryName(typeof(ModuleLoader).Assembly.Location)!;
#if NET8_0_OR_GREATER
            s_cmdletAssembly = HeroLoadContext.Create(directory).LoadFromAssemblyName(new AssemblyName(CmdletAssemblyName));
#else
            DesktopResolver.Register(directory);
            s_cmdletAssembly = Assembly.LoadFrom(Path.Combine(directory, CmdletAssemblyName + ".dll"));
#endif
            return s_cmdletAssembly;
        }
    }
}
