using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hero.Backup;

namespace Hero.Tests.Backup;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("*.log", "logs/app.log", "app.log", false, true)]
    [InlineData("*.log", "app.log.txt", "app.log.txt", false, false)]
    [InlineData(".env*", ".env", ".env", false, true)]
    [InlineData(".env*", "config/.env.local", ".env.local", false, true)]
    [InlineData(".env*", "environment.ts", "environment.ts", false, false)]
    [InlineData("src/gen/**", "src/gen/a/b.cs", "b.cs", false, true)]
    [InlineData("src/gen/**", "lib/src/gen/b.cs", "b.cs", false, false)]
    [InlineData("**/fixtures/*.json", "fixtures/a.json", "a.json", false, true)]
    [InlineData("**/fixtures/*.json", "a/b/fixtures/a.json", "a.json", false, true)]
    [InlineData("/dist", "dist", "dist", true, true)]
    [InlineData("/dist", "web/dist", "dist", true, false)]
    [InlineData("cache/", "cache", "cache", false, false)]
    [InlineData("cache/", "cache", "cache", true, true)]
    [InlineData("file?.txt", "file1.txt", "file1.txt", false, true)]
    [InlineData("file[!0-9].txt", "file1.txt", "file1.txt", false, false)]
    [InlineData("file[!0-9].txt", "filex.txt", "filex.txt", false, true)]
    public void Matches_names_anywhere_and_paths_from_the_root(string pattern, string path, string name, bool isFolder, bool expected)
    {
        Assert.Equal(expected, new GlobPattern(pattern).IsMatch(path, name, isFolder));
    }

    [Fact]
    public void Knows_which_left_out_folders_an_anchored_pattern_reaches_into()
    {
        var pattern = new GlobPattern("dist/app.js");
        Assert.True(pattern.CouldMatchBelow("dist"));
        Assert.False(pattern.CouldMatchBelow("node_modules"));
        Assert.False(new GlobPattern("*.js").CouldMatchBelow("dist"));
    }

    [Fact]
    public void Rejects_an_empty_pattern()
    {
        Assert.Throws<ArgumentException>(() => new GlobPattern("  "));
    }
}
