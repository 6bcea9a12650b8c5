using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hero.Backup;

namespace Hero.Tests.Backup;

/// <summary>Exact segments, never substrings: the original backup dropped .github with .git and every
/// *build* file with the build folder.</summary>
public sealed class PathFilterTests
{
    private static readonly PathFilter Defaults = PathFilter.Create([], [], ".backups");

    [Theory]
    [InlineData("node_modules", false)]
    [InlineData("packages/web/node_modules", false)]
    [InlineData(".git", false)]
    [InlineData(".github", true)]
    [InlineData(".githooks", true)]
    [InlineData("build", false)]
    [InlineData("build-tools", true)]
    [InlineData("distribution", true)]
    [InlineData(".backups", false)]
    public void Leaves_out_whole_folder_names_only(string path, bool taken)
    {
        string name = path.Substring(path.LastIndexOf('/') + 1);
        Assert.Equal(taken, Defaults.Folder(path, name, onlyIncluded: false).Take);
    }

    [Theory]
    [InlineData(".gitignore", true)]
    [InlineData("scripts/build-simple.js", true)]
    [InlineData(".env", false)]
    [InlineData(".env.production", false)]
    [InlineData("deploy/server.pem", false)]
    [InlineData("keys/id_ed25519", false)]
    [InlineData("src/id_utils.ts", true)]
    [InlineData("logs/app.log", false)]
    [InlineData("build", true)]
    public void Leaves_out_secrets_and_logs_but_not_lookalikes(string path, bool taken)
    {
        Assert.Equal(taken, Defaults.TakesPath(path));
    }

    [Fact]
    public void Include_brings_back_a_folder_or_one_file_and_exclude_wins()
    {
        var filter = PathFilter.Create(["dist", ".env.example", "build/keep.txt", "*.log"], ["debug.log"], null);
        Assert.True(filter.TakesPath("dist/app.js"));
        Assert.True(filter.TakesPath(".env.example"));
        Assert.False(filter.TakesPath(".env"));
        Assert.True(filter.TakesPath("build/keep.txt"));
        Assert.False(filter.TakesPath("build/other.txt"));
        Assert.True(filter.TakesPath("app.log"));
        Assert.False(filter.TakesPath("debug.log"));
    }

    [Fact]
    public void Always_leaves_out_the_destination_inside_the_project()
    {
        var filter = PathFilter.Create(["**"], [], "backups/here");
        Assert.False(filter.TakesPath("backups/here/2026-01-01/000000/project.zip"));
        Assert.True(filter.TakesPath("backups/other.txt"));
    }
}
