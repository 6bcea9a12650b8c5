using System;
using System.Collections.Generic;
using System.Linq;
using Hero.Batch;

namespace Hero.Tests.Batch;

public sealed class ShardSpecTests
{
    [Theory]
    [InlineData("2/3", 2, 3)]
    [InlineData(" 1 / 1 ", 1, 1)]
    [InlineData("10/10", 10, 10)]
    public void Parse_reads_i_of_n(string text, int index, int count)
    {
        ShardSpec shard = ShardSpec.Parse(text);

        Assert.Equal(new ShardSpec(index, count), shard);
        Assert.Equal($"{index}/{count}", shard.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("a/b")]
    [InlineData("1/2/3")]
    [InlineData("1.5/3")]
    public void Parse_rejects_text_that_is_not_i_slash_n_and_quotes_it(string text)
    {
        FormatException error = Assert.Throws<FormatException>(() => ShardSpec.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("i/n", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("-1/3")]
    [InlineData("1/0")]
    public void Parse_rejects_an_index_outside_1_to_n(string text)
    {
        FormatException error = Assert.Throws<FormatException>(() => ShardSpec.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("between 1 and n", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slices_are_disjoint_complete_and_in_input_order()
    {
        int[] items = Enumerable.Range(0, 10).ToArray();

        IReadOnlyList<int>[] slices = Enumerable.Range(1, 3).Select(i => new ShardSpec(i, 3).Select(items)).ToArray();

        Assert.Equal([0, 3, 6, 9], slices[0]);
        Assert.Equal([1, 4, 7], slices[1]);
        Assert.Equal([2, 5, 8], slices[2]);
        Assert.Equal(items, slices.SelectMany(s => s).Order());
    }

    [Fact]
    public void A_slice_of_more_shards_than_items_may_be_empty()
    {
        Assert.Empty(new ShardSpec(3, 3).Select(new[] { "a", "b" }));
        Assert.Equal(["a", "b"], new ShardSpec(1, 1).Select(new[] { "a", "b" }));
    }
}
