using System;
using System.Text;

namespace Hero.Output;

/// <summary>Turns a byte stream into whole lines for the live view. A multi-byte character split
/// across reads is kept by the decoder; a line longer than <see cref="MaxLineChars"/> is emitted in
/// pieces so one runaway line cannot hold memory hostage.</summary>
internal sealed class LineAssembler
{
    public const int MaxLineChars = 16 * 1024;

    private readonly Decoder _decoder;
    private readonly Action<string> _emit;
    private readonly StringBuilder _pending = new();
    private char[] _chars = new char[4096];

    public LineAssembler(Encoding encoding, Action<string> emit)
    {
        _decoder = encoding.GetDecoder();
        _emit = emit;
    }

    public void Feed(byte[] data, int offset, int count)
    {
        int needed = _decoder.GetCharCount(data, offset, count, flush: false);
        if (_chars.Length < needed)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        int produced = _decoder.GetChars(data, offset, count, _chars, 0, flush: false);
        Split(_chars, produced);
    }

    /// <summary>Emits whatever is left as a last line (output that did not end with a newline).</summary>
    public void Complete()
    {
        int produced = _decoder.GetChars([], 0, 0, _chars, 0, flush: true);
        Split(_chars, produced);
        if (_pending.Length > 0)
        {
            EmitPending();
        }
    }

    private void Split(char[] chars, int length)
    {
        int lineStart = 0;
        for (int i = 0; i < length; i++)
        {
            if (chars[i] != '\n')
            {
                continue;
            }

            int end = i > lineStart && chars[i - 1] == '\r' ? i - 1 : i;
            if (_pending.Length == 0)
            {
                _emit(new string(chars, lineStart, end - lineStart));
            }
            else
            {
                _pending.Append(chars, lineStart, end - lineStart);
                if (_pending.Length > 0 && _pending[_pending.Length - 1] == '\r')
                {
                    _pending.Length--;
                }

                EmitPending();
            }

            lineStart = i + 1;
        }

        if (lineStart < length)
        {
            _pending.Append(chars, lineStart, length - lineStart);
            while (_pending.Length >= MaxLineChars)
            {
                _emit(_pending.ToString(0, MaxLineChars));
                _pending.Remove(0, MaxLineChars);
            }
        }
    }

    private void EmitPending()
    {
        _emit(_pending.ToString());
        _pending.Clear();
    }
}
