using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Hero.Output;

namespace Hero.Tests.Output;

public class LineAssemblerTests
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly List<string> _lines = [];
    private readonly LineAssembler _assembler;

    public LineAssemblerTests()
    {
        _assembler = new LineAssembler(Utf8, _lines.Add);
    }

    private void Feed(string text) => Feed(Utf8.GetBytes(text));

    private void Feed(byte[] bytes)
    {
        // A chunk at a non-zero offset of a larger buffer, as the pipe reader delivers it.
        byte[] padded = new byte[bytes.Length + 6];
        Array.Copy(bytes, 0, padded, 3, bytes.Length);
        _assembler.Feed(padded, 3, bytes.Length);
    }

    private void FeedInChunks(byte[] bytes, int chunkSize)
    {
        for (int offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            Feed(bytes.Skip(offset).Take(chunkSize).ToArray());
        }
    }

    [Fact]
    public void Splits_on_LF_and_CRLF()
    {
        Feed("alpha\nbeta\r\ngamma\n");
        Assert.Equal(["alpha", "beta", "gamma"], _lines);
    }

    [Fact]
    public void CRLF_split_across_chunks_is_one_line_break()
    {
        Feed("one\r");
        Feed("\ntwo\r");
        Feed("\n");
        Feed("three\r");
        Feed("\n\r");
        Feed("\n");
        Assert.Equal(["one", "two", "three", ""], _lines);
    }

    [Fact]
    public void Byte_by_byte_feeding_gives_the_same_lines()
    {
        FeedInChunks(Utf8.GetBytes("a\r\nbb\n\r\nccc\r\n"), 1);
        Assert.Equal(["a", "bb", "", "ccc"], _lines);
    }

    [Fact]
    public void Multi_byte_characters_survive_every_split_point()
    {
        const string line = "héllo 日本語 🎉 Ωmega";
        byte[] bytes = Utf8.GetBytes(line + "\n");
        for (int split = 1; split < bytes.Length; split++)
        {
            var lines = new List<string>();
            var assembler = new LineAssembler(Utf8, lines.Add);
            assembler.Feed(bytes, 0, split);
            assembler.Feed(bytes.Skip(split).ToArray(), 0, bytes.Length - split);
            assembler.Complete();
            Assert.Equal([line], lines);
        }
    }

    [Fact]
    public void Multi_byte_characters_fed_one_byte_at_a_time()
    {
        const string line = "€ 𝄞 日本";
        FeedInChunks(Utf8.GetBytes(line + "\n" + line + "\n"), 1);
        Assert.Equal([line, line], _lines);
    }

    [Fact]
    public void Complete_emits_a_final_line_without_newline()
    {
        Feed("first\nlast");
        Assert.Equal(["first"], _lines);

        _assembler.Complete();
        Assert.Equal(["first", "last"], _lines);
    }

    [Fact]
    public void Complete_emits_nothing_after_a_trailing_newline()
    {
        Feed("only\n");
        _assembler.Complete();
        Assert.Equal(["only"], _lines);
    }

    [Fact]
    public void Complete_turns_a_truncated_character_into_a_replacement_character()
    {
        byte[] euro = Utf8.GetBytes("€");
        Feed([(byte)'x', euro[0], euro[1]]);
        _assembler.Complete();
        Assert.Equal(["x\uFFFD"], _lines);
    }

    [Fact]
    public void Empty_lines_are_preserved()
    {
        Feed("\n\nmiddle\n\r\n\n");
        Assert.Equal(["", "", "middle", "", ""], _lines);
    }

    [Fact]
    public void A_runaway_line_without_newline_is_emitted_in_pieces_of_MaxLineChars()
    {
        int max = LineAssembler.MaxLineChars;
        string longLine = new string('y', 3 * max + 5);
        FeedInChunks(Utf8.GetBytes(longLine), 1000);
        Assert.Equal([max, max, max], _lines.Select(l => l.Length));

        _assembler.Complete();
        Assert.Equal([max, max, max, 5], _lines.Select(l => l.Length));
        Assert.Equal(longLine, string.Concat(_lines));
    }

    [Fact]
    public void A_long_line_fed_byte_by_byte_is_emitted_in_pieces_of_MaxLineChars()
    {
        int max = LineAssembler.MaxLineChars;
        string longLine = new string('x', 2 * max + 100);
        FeedInChunks(Utf8.GetBytes(longLine + "\nnext\n"), 1);

        Assert.Equal([max, max, 100, 4], _lines.Select(l => l.Length));
        Assert.Equal(longLine, string.Concat(_lines.Take(3)));
        Assert.Equal("next", _lines[3]);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(65536)]
    public void A_long_line_is_emitted_in_pieces_no_longer_than_MaxLineChars(int chunkSize)
    {
        int max = LineAssembler.MaxLineChars;
        string longLine = new string('x', 2 * max + 100);
        FeedInChunks(Utf8.GetBytes(longLine + "\nnext\n"), chunkSize);

        Assert.Equal("next", _lines[^1]);
        Assert.Equal(longLine, string.Concat(_lines.Take(_lines.Count - 1)));
        Assert.All(_lines, l => Assert.True(l.Length <= max, $"a piece of {l.Length} chars"));
    }

    [Fact]
    public void Pieces_of_a_long_line_never_split_a_surrogate_pair()
    {
        // One ASCII char first, so every emoji (two UTF-16 units) straddles even offsets.
        string longLine = "a" + string.Concat(Enumerable.Repeat("🎉", LineAssembler.MaxLineChars));
        FeedInChunks(Utf8.GetBytes(longLine + "\n"), 4096);

        Assert.Equal(longLine, string.Concat(_lines));
        Assert.All(_lines, l =>
        {
            Assert.False(char.IsHighSurrogate(l[^1]), "a piece ends with a lone high surrogate");
            Assert.False(char.IsLowSurrogate(l[0]), "a piece starts with a lone low surrogate");
        });
    }

    [Fact]
    public void A_CRLF_at_a_piece_boundary_ends_the_line_once()
    {
        string longLine = new string('x', LineAssembler.MaxLineChars - 1);
        Feed(longLine + "\r");
        Feed("\nnext\n");

        Assert.Equal([longLine, "next"], _lines);
    }

    [Fact]
    public void Random_chunking_gives_the_same_lines_as_splitting_the_whole_text()
    {
        var random = new Random(20240611);
        string[] words = ["", "a", "héllo", "日本語", "🎉🎉", "tab\there", "x y z", "Ωmega"];
        var expected = new List<string>();
        var text = new StringBuilder();
        for (int i = 0; i < 500; i++)
        {
            string line = string.Join(" ", Enumerable.Range(0, random.Next(0, 6)).Select(_ => words[random.Next(words.Length)]));
            expected.Add(line);
            text.Append(line).Append(random.Next(2) == 0 ? "\n" : "\r\n");
        }

        byte[] bytes = Utf8.GetBytes(text.ToString());
        int offset = 0;
        while (offset < bytes.Length)
        {
            int count = Math.Min(random.Next(1, 40), bytes.Length - offset);
            _assembler.Feed(bytes, offset, count);
            offset += count;
        }

        _assembler.Complete();
        Assert.Equal(expected, _lines);
    }
}
