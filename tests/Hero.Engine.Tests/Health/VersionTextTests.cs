using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hero.Health;
using Hero.Health.Checks;

namespace Hero.Tests.Health;

public sealed class VersionTextTests
{
    [Theory]
    [InlineData("git version 2.39.5", "2.39.5")]
    [InlineData("v18.19.0\n", "18.19.0")]
    [InlineData("Python 3.11.2", "3.11.2")]
    [InlineData("openjdk 21.0.1 2023-10-17", "21.0.1")]
    [InlineData("tool 1.2.3.4.5", null)]
    [InlineData("no version here", null)]
    public void Finds_the_first_dotted_version_by_the_default_pattern(string output, string? expected)
    {
        Version? version = VersionText.Find(output, new HealthPattern(VersionText.DefaultPattern));
        Assert.Equal(expected, version?.ToString());
    }

    [Fact]
    public void Compares_with_missing_parts_as_zero()
    {
        var range = new VersionRange(new Version(7, 4), new Version(7, 5));
        Assert.Equal(HeroHealthStatus.Healthy, range.Judge("PowerShell", new Version(7, 5, 0)).Status);
        Assert.Equal(HeroHealthStatus.Warning, range.Judge("PowerShell", new Version(7, 4, 0)).Status);
        Assert.Equal(HeroHealthStatus.Critical, range.Judge("PowerShell", new Version(7, 3, 9)).Status);
    }

    [Fact]
    public void Reads_a_custom_pattern_by_its_version_group()
    {
        var pattern = new HealthPattern(@"build (?<version>\d+\.\d+)");
        Assert.Equal(new Version(4, 2), VersionText.Find("release 9.9, build 4.2", pattern));
    }
}
