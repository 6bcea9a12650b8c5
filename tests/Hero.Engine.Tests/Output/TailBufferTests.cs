using System;
using System.Collections.Generic;
using System.Linq;
using Hero.Output;

namespace Hero.Tests.Output;

public class TailBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(5000)]
    [InlineData(20000)]
    public void Keeps_exactly_the_last_bytes_like_a_reference_implementation(int capacity)
    {
        var random = new Random(capacity * 7919 + 17);
        var tail = new TailBuffer(capacity);
        var everything = new List<byte>();
        for (int write = 0; write < 400; write++)
        {
            // Mostly small writes, sometimes around or above the capacity, sometimes empty.
            int count = (write % 10) switch
            {
                0 => 0,
                1 => random.Next(Math.Max(1, capacity - 2), capacity + 3),
                2 => random.Next(capacity, 2 * capacity + 10),
                _ => random.Next(1, Math.Max(2, capacity / 5 + 2)),
            };
            int offset = random.Next(0, 5);
            byte[] data = new byte[offset + count + random.Next(0, 5)];
            random.NextBytes(data);

            tail.Write(data, offset, count);
            everything.AddRange(data.Skip(offset).Take(count));

            byte[] expected = everything.Skip(Math.Max(0, everything.Count - capacity)).ToArray();
            Assert.Equal(expected, tail.ToArray());
            Assert.Equal(everything.Count, tail.TotalBytes);
            Assert.Equal(everything.Count > capacity, tail.Truncated);
        }
    }

    [Fact]
    public void Byte_by_byte_writes_wrap_the_ring_many_times()
    {
        var tail = new TailBuffer(10);
        for (int i = 0; i < 1000; i++)
        {
            tail.Write([(byte)i], 0, 1);
        }

        Assert.Equal(Enumerable.Range(990, 10).Select(i => (byte)i).ToArray(), tail.ToArray());
        Assert.Equal(1000, tail.TotalBytes);
        Assert.True(tail.Truncated);
    }

    [Fact]
    public void Empty_buffer_is_not_truncated()
    {
        var tail = new TailBuffer(16);
        Assert.Empty(tail.ToArray());
        Assert.Equal(0, tail.TotalBytes);
        Assert.False(tail.Truncated);
    }

    [Fact]
    public void Exactly_full_is_not_truncated_one_more_byte_is()
    {
        var tail = new TailBuffer(4);
        tail.Write([1, 2, 3, 4], 0, 4);
        Assert.False(tail.Truncated);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, tail.ToArray());

        tail.Write([5], 0, 1);
        Assert.True(tail.Truncated);
        Assert.Equal(new byte[] { 2, 3, 4, 5 }, tail.ToArray());
    }

    [Fact]
    public void Zero_capacity_keeps_nothing_but_counts_everything()
    {
        var tail = new TailBuffer(0);
        tail.Write(new byte[100], 0, 100);
        Assert.Empty(tail.ToArray());
        Assert.Equal(100, tail.TotalBytes);
        Assert.True(tail.Truncated);
    }

    [Fact]
    public void Huge_capacity_does_not_allocate_up_front()
    {
        // The default -MaxOutputBytes is 1 MiB per stream and a batch may hold thousands of tasks.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var tail = new TailBuffer(long.MaxValue);
        tail.Write([1, 2, 3], 0, 3);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes for 3 bytes of output");
        Assert.Equal(new byte[] { 1, 2, 3 }, tail.ToArray());
        Assert.False(tail.Truncated);
    }
}
