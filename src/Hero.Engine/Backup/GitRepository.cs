using System.IO;

namespace Hero.Backup;

/// <summary>Finds the repository a folder belongs to without starting git.</summary>
public static class GitRepository
{
    /// <summary>The nearest folder at or above <paramref name="path"/> that holds a .git folder or
    /// file (a worktree or submodule has a file); null outside any repository.</summary>
    public static string? FindTopLevel(string path)
    {
        var folder = new DirectoryInfo(Path.GetFullPath(path));
        while (folder is not null)
        {
            string dotGit = Path.Combine(folder.FullName, ".git");
            if (Directory.Exists(dotGit) || File.Exists(dotGit)) return folder.FullName;
            folder = folder.Parent;
        }

        return null;
    }
}
