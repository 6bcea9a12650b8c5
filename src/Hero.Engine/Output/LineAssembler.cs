using System;
using System.Text;

namespace Hero.Output;

/// <summary>Turns a byte stream into whole lines for the live view. A multi-byte character split
/// across reads is kept by the decoder; a line longer than <see cref="MaxLineChars"/> is emitted in
/// pieces of at most that length (never splitting a surrogate pair), however the reads fall, so one
/// runaway line cannot hold memory hostage.</summary>
internal sealed class LineAssembler
{
    public const int MaxLineChars = 16 * 1024;

    private readonly Encoding _encoding;
    private readonly Decoder _decoder;
    private readonly Action<string> _emit;
    private readonly StringBuilder _pending = new();
    private char[] _chars = new char[4096];

    public LineAssembler(Encoding encoding, Action<string> emit)
    {
        _encoding = encoding;
        _decoder = encoding.GetDecoder();
        _emit = emit;
    }

    public void Feed(byte[] data, int offset, int count)
    {
        // An upper bound (it allows for bytes the decoder kept from the last chunk): the exact
        // count would decode every chunk twice.
        int needed = _encoding.GetMaxCharCount(count);
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
            if (_pending[_pending.Length - 1] == '\r') _pending.Length--;
            EmitPieces(final: true);
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
            if (_pending.Length == 0 && end - lineStart <= MaxLineChars)
            {
                // The common case: the whole line is in this chunk; no copy beyond the string.
                _emit(new string(chars, lineStart, end - lineStart));
            }
            else
            {
                _pending.Append(chars, lineStart, i - lineStart);
                if (_pending.Length > 0 && _pending[_pending.Length - 1] == '\r')
                {
                    _pending.Length--;
                }

                EmitPieces(final: true);
            }

            lineStart = i + 1;
        }

        if (lineStart < length)
        {
            _pending.Append(chars, lineStart, length - lineStart);
            EmitPieces(final: false);
        }
    }

    /// <summary>Emits full-size pieces of the pending text; with <paramref name="final"/> the rest too.
    /// A trailing '\r' is kept back while the line may still end in "\r\n".</summary>
    private void EmitPieces(bool final)
    {
        while (_pending.Length > MaxLineChars || (_pending.Length == MaxLineChars && (final || _pending[MaxLineChars - 1] != '\r')))
        {
            int cut = MaxLineChars;
            if (char.IsHighSurrogate(_pending[cut - 1])) cut--;
            if (!final && _pending[cut - 1] == '\r' && _pending.Length == cut) break;
            _emit(_pending.ToString(0, cut));
            _pending.Remove(0, cut);
        }

        if (final)
        {
            _emit(_pending.ToString());
            _pending.Clear();
        }
    }
}
