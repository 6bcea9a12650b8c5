using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Collections;
using Hero.Health;
using Hero.Health.Checks;

namespace Hero.Tests.Health;

public sealed class HealthFieldsTests
{
    private static HealthCheck Create(Hashtable table) => HealthCheckFactory.Create(table, "checks.psd1, check #3", TimeSpan.FromSeconds(30));

    [Fact]
    public void Names_the_source_the_check_and_the_key()
    {
        var e = Assert.Throws<HealthCheckDefinitionException>(() => Create(new Hashtable { ["Name"] = "api", ["Kind"] = "TcpPort", ["Port"] = 70000 }));
        Assert.Equal("checks.psd1, check #3 ('api'): Port: '70000' must be a whole number from 1 to 65535.", e.Message);
        Assert.Equal("Port", e.Field);
    }

    [Fact]
    public void Reports_an_unknown_key_before_a_missing_one()
    {
        var e = Assert.Throws<HealthCheckDefinitionException>(() => Create(new Hashtable { ["Kind"] = "Http", ["Url"] = "http://x" }));
        Assert.StartsWith("checks.psd1, check #3: Url: is not a key of this kind of check. Known keys: ", e.Message);
    }

    [Fact]
    public void Takes_thresholds_as_numbers_or_comparisons()
    {
        Assert.True(NumericThreshold.Parse(20, ">=").IsBreached(20));
        Assert.False(NumericThreshold.Parse("< 3", ">=").IsBreached(3));
        Assert.True(NumericThreshold.Parse("< 3", ">=").IsBreached(2));
        Assert.Throws<FormatException>(() => NumericThreshold.Parse("lots", ">="));
        Assert.True(CapacityThreshold.Parse("10%").IsBreached(9, 100));
        Assert.False(CapacityThreshold.Parse("2GB").IsBreached(3L << 30, 100L << 30));
    }

    [Fact]
    public void Gives_each_kind_its_defaults_and_the_common_settings()
    {
        HealthCheck check = Create(new Hashtable { ["Kind"] = "git", ["Timeout"] = "5s", ["Fix"] = new object[] { "git", "stash" } });
        Assert.IsType<GitWorkingTreeCheck>(check);
        Assert.Equal("Git", check.Name);
        Assert.Equal(TimeSpan.FromSeconds(5), check.Timeout);
        Assert.True(check.StartsProcess);
        Assert.Equal("git", check.Fix!.FilePath);
        Assert.Equal(["stash"], check.Fix.ArgumentList);
    }

    [Fact]
    public void Counts_porcelain_entries_with_renames_once()
    {
        Assert.Equal(3, GitWorkingTreeCheck.CountEntries(" M a.txt\0R  new.txt\0old.txt\0?? b c.txt\0"));
        Assert.Equal(0, GitWorkingTreeCheck.CountEntries(string.Empty));
    }
}
