using System;

namespace Hero.Output;

/// <summary>Keeps the last <c>capacity</c> bytes of a stream. Starts small and grows, so a task that
/// prints nothing costs nothing; once full it becomes a ring.</summary>
internal sealed class TailBuffer
{
    private readonly int _capacity;
    private byte[] _buffer = [];
    private int _start;
    private int _length;

    public TailBuffer(long capacity)
    {
        _capacity = (int)Math.Min(capacity, int.MaxValue - 64);
    }

    public long TotalBytes { get; private set; }

    public bool Truncated => TotalBytes > _length;

    public void Write(byte[] data, int offset, int count)
    {
        TotalBytes += count;
        if (_capacity == 0 || count == 0)
        {
            return;
        }

        if (count >= _capacity)
        {
            EnsureSize(_capacity);
            Buffer.BlockCopy(data, offset + count - _capacity, _buffer, 0, _capacity);
            _start = 0;
            _length = _capacity;
            return;
        }

        if (_length + count <= _capacity)
        {
            // Fits without overwriting; while not yet full the content always starts at 0.
            EnsureSize(_length + count);
            Buffer.BlockCopy(data, offset, _buffer, _length, count);
            _length += count;
            return;
        }

        // Full: becomes (or stays) a ring and overwrites the oldest bytes.
        EnsureSize(_capacity);
        int end = (_start + _length) % _capacity;
        int first = Math.Min(count, _capacity - end);
        Buffer.BlockCopy(data, offset, _buffer, end, first);
        Buffer.BlockCopy(data, offset + first, _buffer, 0, count - first);
        _start = (_start + _length + count - _capacity) % _capacity;
        _length = _capacity;
    }

    private void EnsureSize(int needed)
    {
        if (_buffer.Length >= needed)
        {
            return;
        }

        int size = Math.Max(needed, Math.Min(_capacity, Math.Max(4096, _buffer.Length * 2)));
        var grown = new byte[size];
        if (_length > 0)
        {
            CopyTo(grown);
        }

        _buffer = grown;
        _start = 0;
    }

    private void CopyTo(byte[] target)
    {
        int first = Math.Min(_length, _buffer.Length - _start);
        Buffer.BlockCopy(_buffer, _start, target, 0, first);
        Buffer.BlockCopy(_buffer, 0, target, first, _length - first);
    }

    public byte[] ToArray()
    {
        var result = new byte[_length];
        CopyTo(result);
        return result;
    }
}
