using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Hero.Security;

/// <summary>Keeps secrets out of everything Hero writes: values registered with Register-HeroSecret
/// (or found under a sensitive name in -Environment) and the values of sensitive-looking keys in
/// text such as 'password=...', '--token xyz' or 'Authorization: Bearer ...'. The rules are fixed;
/// the registered values belong to an instance: <see cref="Default"/> is the process's, and tests
/// make their own.</summary>
public sealed partial class SecretMasker
{
    public const string Mask = "***";

    private readonly object _gate = new();
    private string[] _values = [];

    /// <summary>The secrets of this process: what Register-HeroSecret and -Environment register, and
    /// what every result, error, log event and CI line is masked with.</summary>
    public static SecretMasker Default { get; } = new();

    // Whole name segments (split at punctuation and camelCase), so "apiToken", "SECRET_KEY" and
    // "x-api-key" are sensitive while "Passed", "Author" or "Kansas" are not.
    private static readonly HashSet<string> SensitiveSegments = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwords", "passwd", "passphrase", "pass", "pwd", "secret", "secrets", "token", "tokens",
        "apikey", "apikeys", "authorization", "auth", "cookie", "cookies", "connectionstring", "credential",
        "credentials", "privatekey", "accesskey", "sas", "bearer", "clientsecret",
    };

    // A segment that ends with one of these is sensitive too: "dbpassword", "githubtoken".
    private static readonly string[] SensitiveEndings = ["password", "passwd", "passphrase", "secret", "token", "apikey", "credential", "credentials", "cookie", "connectionstring"];

    private static readonly string[][] SensitivePairs =
    [
        ["api", "key"], ["private", "key"], ["access", "key"], ["connection", "string"], ["client", "secret"], ["secret", "key"],
    ];

    private const string SegmentBoundaryPattern = @"(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+";
#if NET7_0_OR_GREATER
    // Generated at build time on .NET: a Compiled regex costs every fresh process about 10 ms to
    // emit and compile at its first use, and each CI step is a fresh process.
    private static readonly Regex SegmentBoundary = SegmentBoundaryRegex();

    [GeneratedRegex(SegmentBoundaryPattern, RegexOptions.CultureInvariant)]
    private static partial Regex SegmentBoundaryRegex();
#else
    private static readonly Regex SegmentBoundary = new(SegmentBoundaryPattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
#endif

    // key=value, key: value, "key": "value" where the key looks sensitive. A key starts at a token
    // boundary and its parts are bounded, so long text cannot make the match backtrack for long.
    private const string SensitiveAssignmentPattern =
        @"(?<key>(?<![\w.-])[""']?[\w.-]{0,64}?(pass(word|wd|phrase)?|pwd|secret|token|api[-_]?key|apikey|authorization|cookie|connection[-_]?string|credential|private[-_]?key|access[-_]?key|client[-_]?secret)[\w.-]{0,64}[""']?\s{0,8}[=:]\s{0,8})(?<value>""[^""]*""|'[^']*'|(Bearer|Basic|Digest|Negotiate|NTLM|token|ApiKey|Bot|SharedKey|AWS4-HMAC-SHA256)\s+[^\r\n]+|[^\s,;&""']+)";
#if NET7_0_OR_GREATER
    private static readonly Regex SensitiveAssignment = SensitiveAssignmentRegex();

    [GeneratedRegex(SensitiveAssignmentPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 250)]
    private static partial Regex SensitiveAssignmentRegex();
#else
    private static readonly Regex SensitiveAssignment = new(
        SensitiveAssignmentPattern,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromMilliseconds(250));
#endif

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> NameCache = new(StringComparer.Ordinal);

    public static bool IsSensitiveName(string name)
    {
        if (NameCache.TryGetValue(name, out bool known)) return known;
        bool sensitive = ComputeIsSensitiveName(name);
        if (NameCache.Count < 4096) NameCache[name] = sensitive;
        return sensitive;
    }

    private static bool ComputeIsSensitiveName(string name)
    {
        if (string.Equals(name, "PWD", StringComparison.Ordinal) || string.Equals(name, "OLDPWD", StringComparison.Ordinal))
        {
            return false; // The shell's working directory, not a password.
        }

        string[] segments = SegmentBoundary.Split(name).Where(s => s.Length > 0).ToArray();
        for (int i = 0; i < segments.Length; i++)
        {
            if (SensitiveSegments.Contains(segments[i])
                || SensitiveEndings.Any(ending => segments[i].EndsWith(ending, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            if (i + 1 < segments.Length
                && SensitivePairs.Any(pair => segments[i].Equals(pair[0], StringComparison.OrdinalIgnoreCase) && segments[i + 1].Equals(pair[1], StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    public void Register(string? value)
    {
        // Very short values would mask ordinary text everywhere ('a', 'on'); three characters is the floor.
        if (string.IsNullOrEmpty(value) || value!.Length < 3)
        {
            return;
        }

        lock (_gate)
        {
            if (!_values.Contains(value, StringComparer.Ordinal))
            {
                _values = [.. _values.Append(value).OrderByDescending(v => v.Length)];
            }
        }
    }

    public int Count => _values.Length;

    /// <summary>The registered values, for a process that must mask them too (a guardian's worker).</summary>
    internal string[] RegisteredValues => _values;

    /// <summary>Registered values only: cheap enough for every output line.</summary>
    public string MaskValues(string text)
    {
        string[] values = _values;
        if (values.Length == 0 || text.Length == 0)
        {
            return text;
        }

        foreach (string value in values)
        {
            if (text.IndexOf(value, StringComparison.Ordinal) >= 0)
            {
                text = text.Replace(value, Mask);
            }
        }

        return text;
    }

    /// <summary>Registered values and sensitive key=value pairs: for messages, logs and commands.</summary>
    public string MaskAll(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = MaskValues(text);
        if (text.IndexOf('=') < 0 && text.IndexOf(':') < 0)
        {
            return text;
        }

        // The first match in a process also pays for compiling the pattern, which on a loaded machine
        // can take longer than the timeout meant for pathological text: a timeout gets one more try.
        for (int tries = 0; ; tries++)
        {
            try
            {
                return SensitiveAssignment.Replace(text, match =>
                    IsSensitiveName(match.Groups["key"].Value.Trim().TrimEnd('=', ':').Trim().Trim('"', '\''))
                        ? match.Groups["key"].Value + Mask
                        : match.Value);
            }
            catch (RegexMatchTimeoutException) when (tries == 0)
            {
            }
            catch (RegexMatchTimeoutException)
            {
                // Text this pathological is not shown at all rather than shown unmasked.
                return "*** (text withheld: too long to check for secrets)";
            }
        }
    }

    /// <summary>An argument vector for display: a value after a sensitive flag ('--password x',
    /// '-Token x') and sensitive key=value arguments are masked.</summary>
    public IEnumerable<string> MaskArguments(IEnumerable<string> arguments)
    {
        bool maskNext = false;
        foreach (string argument in arguments)
        {
            if (maskNext)
            {
                maskNext = false;
                yield return Mask;
                continue;
            }

            bool isFlag = argument.StartsWith("-", StringComparison.Ordinal)
                || (System.IO.Path.DirectorySeparatorChar == '\\' && argument.StartsWith("/", StringComparison.Ordinal));
            if (isFlag && argument.IndexOfAny(['=', ':']) < 0 && IsSensitiveName(argument.TrimStart('-', '/')))
            {
                maskNext = true;
                yield return MaskValues(argument);
                continue;
            }

            yield return MaskAll(argument);
        }
    }
}
