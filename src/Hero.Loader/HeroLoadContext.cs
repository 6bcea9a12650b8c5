#if NET8_0_OR_GREATER
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Hero.Loader;

/// <summary>One non-collectible context per process holding Hero.PowerShell, Hero.Engine, Polly and
/// Serilog. Anything not shipped in the module folder (the framework, System.Management.Automation)
/// falls through to the default context so PowerShell types stay identical. Where the package holds a
/// precompiled (ReadyToRun) image for this platform in r2r/&lt;runtime identifier&gt;/, that image is
/// loaded instead: the same IL with native code beside it, so a fresh process runs its first task
/// without waiting for the JIT. A runtime that cannot use the native code runs the IL inside it;
/// every other platform loads the IL build.</summary>
internal sealed class HeroLoadContext : AssemblyLoadContext
{
    private readonly string _directory;
    private static HeroLoadContext? s_instance;

    private HeroLoadContext(string directory) : base("Hero", isCollectible: false)
    {
        _directory = directory;
    }

    public static HeroLoadContext Create(string directory) => s_instance ??= new HeroLoadContext(directory);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name == typeof(HeroLoadContext).Assembly.GetName().Name)
        {
            return typeof(HeroLoadContext).Assembly;
        }

        string file = assemblyName.Name + ".dll";
        string precompiled = Path.Combine(_directory, "r2r", RuntimeInformation.RuntimeIdentifier, file);
        if (File.Exists(precompiled))
        {
            return LoadFromAssemblyPath(precompiled);
        }

        string candidate = Path.Combine(_directory, file);
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
#endif
