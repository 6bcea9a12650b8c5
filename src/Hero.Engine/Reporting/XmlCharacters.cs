using System.Text;

namespace Hero.Reporting;

/// <summary>XML 1.0 allows only tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and whole surrogate
/// pairs, in attributes as in text; `&amp;#x1B;` is no way around it (a character reference must name
/// an allowed character too). A colour escape in a task name or a stray byte in its output would make
/// every consumer reject the whole report, so each other character becomes U+FFFD.</summary>
internal static class XmlCharacters
{
    public const char Replacement = '\uFFFD';

    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        StringBuilder? builder = null;
        for (int i = 0; i < text!.Length; i++)
        {
            char c = text[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair || IsAllowed(c))
            {
                builder?.Append(c);
                if (pair)
                {
                    builder?.Append(text[i + 1]);
                    i++;
                }

                continue;
            }

            builder ??= new StringBuilder(text.Length).Append(text, 0, i);
            builder.Append(Replacement);
        }

        return builder?.ToString() ?? text;
    }

    private static bool IsAllowed(char c) =>
        c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
}
