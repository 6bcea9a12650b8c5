using System;
using System.Collections.Generic;
using System.Linq;

namespace Hero.Backup;

/// <summary>Which project paths go into project.zip. Folders named exactly like a tool's output or
/// dependency folder are left out (whole path segments: '.git' never drops '.github', 'build' never
/// drops 'build-tools.js'), and so are files matching the default patterns, secrets first. -Exclude
/// adds globs; -Include brings back what the defaults left out; -Exclude wins over -Include. Inside a
/// folder that only an anchored -Include pattern reaches ('dist/app.js'), only what an -Include
/// pattern matches is taken.</summary>
public sealed class PathFilter
{
    /// <summary>Dependency and build-output folders, version control, and backup folders (a backup
    /// inside the backups grows without bound).</summary>
    public static readonly string[] DefaultExcludedFolders = ["node_modules", ".git", ".next", ".turbo", ".vercel", "dist", "build", ".backups"];

    /// <summary>Secrets: never copied unless -Include names them. SSH keys are matched by their
    /// algorithm names, not by 'id_*', which would also drop source files such as id_utils.ts.</summary>
    public static readonly string[] SecretPatterns = [".env*", "*.pem", "*.key", "*.p12", "*.pfx", "id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*", ".npmrc", ".netrc", ".pypirc"];

    public static readonly string[] DefaultExcludedFiles = ["*.log"];

    private readonly HashSet<string> _folders;
    private readonly GlobPattern[] _defaults;
    private readonly GlobPattern[] _include;
    private readonly GlobPattern[] _exclude;
    private readonly string? _excludedRoot;

    /// <param name="excludedRoot">A path relative to the root that is always left out, whatever the
    /// patterns say: the backup destination when it lies inside the project.</param>
    /// <exception cref="ArgumentException">An empty pattern.</exception>
    public PathFilter(IEnumerable<string> excludedFolders, IEnumerable<string> defaultPatterns, IEnumerable<string> include, IEnumerable<string> exclude, string? excludedRoot)
    {
        ExcludedFolders = excludedFolders.ToArray();
        DefaultPatterns = defaultPatterns.ToArray();
        Include = include.ToArray();
        Exclude = exclude.ToArray();
        _folders = new HashSet<string>(ExcludedFolders, GlobPattern.NameComparer);
        _defaults = DefaultPatterns.Select(p => new GlobPattern(p)).ToArray();
        _include = Include.Select(p => new GlobPattern(p)).ToArray();
        _exclude = Exclude.Select(p => new GlobPattern(p)).ToArray();
        _excludedRoot = excludedRoot?.Replace('\\', '/').Trim('/');
        ExcludedRoot = _excludedRoot;
    }

    public static PathFilter Create(IEnumerable<string> include, IEnumerable<string> exclude, string? excludedRoot) =>
        new(DefaultExcludedFolders, SecretPatterns.Concat(DefaultExcludedFiles), include, exclude, excludedRoot);

    public IReadOnlyList<string> ExcludedFolders { get; }

    public IReadOnlyList<string> DefaultPatterns { get; }

    public IReadOnlyList<string> Include { get; }

    public IReadOnlyList<string> Exclude { get; }

    public string? ExcludedRoot { get; }

    /// <summary>Whether a folder is walked, and whether only explicitly included entries count inside.</summary>
    public readonly record struct Decision(bool Take, bool OnlyIncluded);

    public Decision Folder(string relativePath, string name, bool onlyIncluded)
    {
        if (_excludedRoot is not null && relativePath == _excludedRoot) return default;
        if (_exclude.Any(p => p.IsMatch(relativePath, name, isFolder: true))) return default;
        if (_include.Any(p => p.IsMatch(relativePath, name, isFolder: true))) return new Decision(true, false);
        bool leftOut = onlyIncluded || _folders.Contains(name) || _defaults.Any(p => p.IsMatch(relativePath, name, isFolder: true));
        if (!leftOut) return new Decision(true, false);
        return _include.Any(p => p.CouldMatchBelow(relativePath)) ? new Decision(true, true) : default;
    }

    public bool File(string relativePath, string name, bool onlyIncluded)
    {
        if (_exclude.Any(p => p.IsMatch(relativePath, name, isFolder: false))) return false;
        if (_include.Any(p => p.IsMatch(relativePath, name, isFolder: false))) return true;
        return !onlyIncluded && !_defaults.Any(p => p.IsMatch(relativePath, name, isFolder: false));
    }

    /// <summary>Whether a backup would have taken this file (by path alone): how a restore tells a
    /// file deleted at backup time from one the filters left out.</summary>
    public bool TakesPath(string relativePath)
    {
        string[] segments = relativePath.Split(['/'], StringSplitOptions.RemoveEmptyEntries);
        bool onlyIncluded = false;
        string path = string.Empty;
        for (int i = 0; i < segments.Length - 1; i++)
        {
            path = path.Length == 0 ? segments[i] : path + "/" + segments[i];
            Decision decision = Folder(path, segments[i], onlyIncluded);
            if (!decision.Take) return false;
            onlyIncluded = decision.OnlyIncluded;
        }

        return segments.Length > 0 && File(relativePath, segments[segments.Length - 1], onlyIncluded);
    }
}
