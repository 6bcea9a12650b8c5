using System;
using Hero.Text;

namespace Hero.Tests.Text;

public class SizeParserTests
{
    [Theory]
    [InlineData(1048576, 1048576L)]
    [InlineData(0, 0L)]
    [InlineData(5_000_000_000L, 5_000_000_000L)]
    [InlineData(1.6, 2L)]
    [InlineData("1048576", 1048576L)]
    [InlineData("512KB", 524288L)]
    [InlineData("512kb", 524288L)]
    [InlineData("512 KiB", 524288L)]
    [InlineData("512k", 524288L)]
    [InlineData("10MB", 10485760L)]
    [InlineData("10M", 10485760L)]
    [InlineData("1GiB", 1073741824L)]
    [InlineData("1.5MB", 1572864L)]
    [InlineData("2TB", 2199023255552L)]
    [InlineData("100 bytes", 100L)]
    [InlineData("100B", 100L)]
    [InlineData(" 64 KB ", 65536L)]
    public void Parse_accepts_the_documented_forms(object input, long expected)
    {
        Assert.Equal(expected, SizeParser.Parse(input));
    }

    [Theory]
    [InlineData(-1, "'-1'")]
    [InlineData(-1.5, "'-1.5'")]
    [InlineData("-1", "'-1'")]
    [InlineData(" -10MB", "' -10MB'")]
    [InlineData("lots", "'lots'")]
    [InlineData("10 parsecs", "'10 parsecs'")]
    [InlineData("10MB5", "'10MB5'")]
    [InlineData("", "''")]
    public void Parse_rejects_invalid_input_quoting_it(object input, string quoted)
    {
        FormatException error = Assert.Throws<FormatException>(() => SizeParser.Parse(input));
        Assert.Contains(quoted, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_null()
    {
        Assert.Throws<FormatException>(() => SizeParser.Parse(null));
    }

    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(512L, "512 B")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(20L * 1024 * 1024, "20 MiB")]
    [InlineData(1073741824L, "1 GiB")]
    public void Format_gives_the_short_form(long bytes, string expected)
    {
        Assert.Equal(expected, SizeParser.Format(bytes));
    }
}
