using System;
using System.IO;
using System.Security.Cryptography;

namespace Hero.Backup;

/// <summary>Passes writes through and hashes them on the way, so an artifact's SHA-256 is known the
/// moment it is written, without reading hundreds of megabytes back. It cannot seek, so ZipArchive
/// writes data descriptors instead of going back to patch headers.</summary>
internal sealed class HashingStream : Stream
{
    private readonly Stream _inner;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;

    public HashingStream(Stream inner)
    {
        _inner = inner;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        _hash.AppendData(buffer, offset, count);
        _inner.Write(buffer, offset, count);
        _length += count;
    }

#if NET
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        _inner.Write(buffer);
        _length += buffer.Length;
    }
#endif

    public override void WriteByte(byte value) => Write([value], 0, 1);

    /// <summary>Lowercase hex of everything written so far.</summary>
    public string HashHex() => Hex(_hash.GetHashAndReset());

    public static string Hex(byte[] hash) => BitConverter.ToString(hash).Replace("-", string.Empty).ToLowerInvariant();

    public static string Sha256Of(string path)
    {
        using var sha = SHA256.Create();
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Hex(sha.ComputeHash(file));
    }

    public override void Flush() => _inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
