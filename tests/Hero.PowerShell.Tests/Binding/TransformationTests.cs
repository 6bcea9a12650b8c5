using System;
using System.Management.Automation;
using System.Text;
using Hero.PowerShell.Binding;

namespace Hero.PowerShell.Tests.Binding;

/// <summary>The argument transformations every duration, size and encoding parameter shares. They
/// run before PowerShell's own conversion, which would read 5 as five ticks.</summary>
public sealed class TransformationTests
{
    [Theory]
    [InlineData(5, 5_000)]
    [InlineData(0.5, 500)]
    [InlineData("250ms", 250)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("90s", 90_000)]
    public void Durations_take_seconds_and_unit_strings(object input, double milliseconds)
    {
        var transform = new DurationTransformationAttribute();
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), transform.Transform(null!, input));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), transform.Transform(null!, new PSObject(input)));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), transform.Transform(null!, new object[] { input }));
    }

    [Fact]
    public void A_TimeSpan_passes_through_and_Infinite_is_allowed_only_where_it_means_something()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), new DurationTransformationAttribute().Transform(null!, TimeSpan.FromMinutes(2)));
        Assert.Equal(System.Threading.Timeout.InfiniteTimeSpan, new DurationTransformationAttribute().Transform(null!, "Infinite"));

        var finite = new DurationTransformationAttribute { AllowInfinite = false };
        ArgumentTransformationMetadataException e = Assert.Throws<ArgumentTransformationMetadataException>(() => finite.Transform(null!, "Infinite"));
        Assert.Contains("finite", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4294967296")]
    [InlineData("9223372036854775808d")]
    [InlineData(1e308)]
    public void A_wait_no_timer_takes_saturates_to_Infinite_or_is_refused_with_the_range(object input)
    {
        Assert.Equal(System.Threading.Timeout.InfiniteTimeSpan, new DurationTransformationAttribute().Transform(null!, input));
        var finite = new DurationTransformationAttribute { AllowInfinite = false };
        ArgumentTransformationMetadataException e = Assert.Throws<ArgumentTransformationMetadataException>(() => finite.Transform(null!, input));
        Assert.Contains("longest wait", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("-1")]
    [InlineData("5 parsecs")]
    public void A_bad_duration_is_a_transformation_error_the_binder_reports_against_the_parameter(object input) =>
        Assert.Throws<ArgumentTransformationMetadataException>(() => new DurationTransformationAttribute().Transform(null!, input));

    [Theory]
    [InlineData(1024, 1024L)]
    [InlineData("512MB", 512L * 1024 * 1024)]
    [InlineData("1GiB", 1024L * 1024 * 1024)]
    public void Sizes_take_bytes_and_unit_strings(object input, long bytes) =>
        Assert.Equal(bytes, new SizeTransformationAttribute().Transform(null!, input));

    [Fact]
    public void A_bad_size_is_a_transformation_error() =>
        Assert.Throws<ArgumentTransformationMetadataException>(() => new SizeTransformationAttribute().Transform(null!, "lots"));

    [Fact]
    public void Encodings_take_names_and_Encoding_objects_and_utf8_has_no_byte_order_mark()
    {
        var transform = new EncodingTransformationAttribute();
        var utf8 = Assert.IsAssignableFrom<Encoding>(transform.Transform(null!, "utf8"));
        Assert.Equal(Encoding.UTF8.WebName, utf8.WebName);
        Assert.Empty(utf8.GetPreamble());
        Assert.Same(Encoding.Unicode, transform.Transform(null!, Encoding.Unicode));
        Assert.Throws<ArgumentTransformationMetadataException>(() => transform.Transform(null!, "no-such-encoding"));
    }
}
