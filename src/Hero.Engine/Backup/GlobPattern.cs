using System;
using System.Text;
using System.Text.RegularExpressions;
using Hero.Processes;

namespace Hero.Backup;

/// <summary>A glob over project paths. Without a '/' it matches a name at any depth ('*.log',
/// '.env*', 'node_modules'); with one it matches the path from the project root ('src/gen/**',
/// '/dist'). '*' stays within a segment, '**' crosses segments, '?' is one character, '[abc]' and
/// '[!abc]' are sets; a trailing '/' matches folders only. Case-insensitive on Windows and macOS,
/// whose file systems usually are.</summary>
public sealed class GlobPattern
{
    private static readonly bool IgnoreCase = ChildProcess.IsWindows || System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.OSX);

    /// <summary>How folder names compare, the way the platform's file systems usually do.</summary>
    internal static readonly StringComparer NameComparer = IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private readonly Regex _regex;

    public GlobPattern(string pattern)
    {
        Text = pattern;
        string text = pattern.Replace('\\', '/').Trim();
        if (text.Length == 0 || text == "/") throw new ArgumentException("An empty pattern matches nothing.", nameof(pattern));
        FoldersOnly = text.EndsWith("/", StringComparison.Ordinal);
        text = text.TrimEnd('/');
        Anchored = text.IndexOf('/') >= 0;
        text = text.TrimStart('/');
        LiteralPrefix = Prefix(text);
        var options = RegexOptions.CultureInvariant | (IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        _regex = new Regex("^" + Translate(text) + "$", options);
    }

    public string Text { get; }

    public bool Anchored { get; }

    public bool FoldersOnly { get; }

    /// <summary>The path before the first wildcard ('dist/app.js' for an anchored 'dist/app.js'):
    /// tells the walk which left-out folders it must still look into.</summary>
    public string LiteralPrefix { get; }

    public bool IsMatch(string relativePath, string name, bool isFolder) =>
        (!FoldersOnly || isFolder) && _regex.IsMatch(Anchored ? relativePath : name);

    /// <summary>Whether something below <paramref name="folderPath"/> could match: only anchored
    /// patterns that name the folder in their literal part can.</summary>
    public bool CouldMatchBelow(string folderPath) =>
        Anchored && LiteralPrefix.StartsWith(folderPath + "/", IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static string Prefix(string text)
    {
        int wildcard = text.IndexOfAny(['*', '?', '[']);
        return wildcard < 0 ? text : text.Substring(0, wildcard);
    }

    private static string Translate(string glob)
    {
        var regex = new StringBuilder();
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    bool slash = i + 2 < glob.Length && glob[i + 2] == '/';
                    regex.Append(slash ? "(?:.*/)?" : ".*");
                    i += slash ? 2 : 1;
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    int close = glob.IndexOf(']', i + 2);
                    if (close < 0)
                    {
                        regex.Append("\\[");
                        break;
                    }

                    string set = glob.Substring(i + 1, close - i - 1);
                    bool negate = set.StartsWith("!", StringComparison.Ordinal);
                    if (negate) set = set.Substring(1);
                    regex.Append(negate ? "[^/" : "[").Append(set.Replace("\\", "\\\\").Replace("[", "\\[")).Append(']');
                    i = close;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return regex.ToString();
    }

    public override string ToString() => Text;
}
