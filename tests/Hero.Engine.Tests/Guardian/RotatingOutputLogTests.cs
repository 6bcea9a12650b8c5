using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Hero.Guardian;

namespace Hero.Tests.Guardian;

public sealed class RotatingOutputLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "hero-rotate-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_big_chunk_is_cut_at_line_ends_and_only_the_retained_files_are_kept()
    {
        string text = string.Concat(Enumerable.Range(1, 300).Select(i => $"line {i:000} of the output\n"));
        using (var log = new RotatingOutputLog(_folder, 1024, 3))
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            log.Write(bytes, 0, bytes.Length);
        }

        var files = GuardianOutputFiles.List(_folder);
        Assert.Equal(3, files.Count);
        Assert.All(files, f => Assert.True(new FileInfo(f.Path).Length <= 1024));
        Assert.All(files, f => Assert.EndsWith("\n", File.ReadAllText(f.Path)));
        Assert.EndsWith("line 300 of the output\n", File.ReadAllText(files[^1].Path));
        IReadOnlyList<string> tail = GuardianOutputReader.Tail(_folder, 5, out _);
        Assert.Equal(Enumerable.Range(296, 5).Select(i => $"line {i:000} of the output"), tail);
    }

    [Fact]
    public void A_line_longer_than_a_file_is_cut_at_the_limit()
    {
        using (var log = new RotatingOutputLog(_folder, 100, 10))
        {
            log.WriteLine(new string('x', 250));
        }

        long[] sizes = GuardianOutputFiles.List(_folder).Select(f => new FileInfo(f.Path).Length).ToArray();
        Assert.Equal(new long[] { 100, 100, 51 }, sizes);
    }

    [Fact]
    public void The_reader_follows_the_output_across_a_new_file()
    {
        using var log = new RotatingOutputLog(_folder, 64, 5);
        log.WriteLine("first");
        GuardianOutputReader.Tail(_folder, 10, out GuardianOutputReader follower);
        for (int i = 0; i < 10; i++) log.WriteLine($"next line {i}");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"next line {i}"), follower.ReadNew());
        Assert.Empty(follower.ReadNew());
    }

    [Fact]
    public void Writing_goes_on_in_the_newest_file_after_a_restart()
    {
        using (var log = new RotatingOutputLog(_folder, 64, 5))
        {
            for (int i = 0; i < 10; i++) log.WriteLine($"before {i}");
        }

        int last = GuardianOutputFiles.List(_folder)[^1].Sequence;
        using (var log = new RotatingOutputLog(_folder, 64, 5)) log.WriteLine("after");
        Assert.Equal(last, GuardianOutputFiles.List(_folder)[^1].Sequence);
        Assert.Equal("after", GuardianOutputReader.Tail(_folder, 1, out _)[0]);
    }
}
