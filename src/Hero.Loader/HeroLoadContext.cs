#if NET8_0_OR_GREATER
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Hero.Loader;

/// <summary>One non-collectible context per process holding Hero.PowerShell, Hero.Engine, Polly and
/// Serilog. Anything not shipped in the module folder (the framework, System.Management.Automation)
/// falls through to the default context so PowerShell types stay identical.</summary>
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

        string candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
#endif
