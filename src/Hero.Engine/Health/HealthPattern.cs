using System;
using System.Text.RegularExpressions;

namespace Hero.Health;

/// <summary>A check's regular expression, always with a match timeout: a pattern that backtracks
/// catastrophically on some output ends the check with Error instead of hanging the run. Multiline,
/// so ^ and $ match at line ends; culture-invariant.</summary>
public sealed class HealthPattern
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex _regex;

    /// <exception cref="ArgumentException">Not a valid regular expression.</exception>
    public HealthPattern(string pattern)
    {
        _regex = new Regex(pattern, RegexOptions.Multiline | RegexOptions.CultureInvariant, MatchTimeout);
        Text = pattern;
    }

    public string Text { get; }

    public bool HasGroup(string name) => Array.IndexOf(_regex.GetGroupNames(), name) >= 0;

    /// <exception cref="RegexMatchTimeoutException"/>
    public Match Match(string input) => _regex.Match(input);

    /// <exception cref="RegexMatchTimeoutException"/>
    public bool IsMatch(string input) => _regex.IsMatch(input);

    /// <exception cref="RegexMatchTimeoutException"/>
    public int Count(string input) => _regex.Matches(input).Count;

    public static string TimedOutMessage(string field) =>
        $"The {field} took longer than {MatchTimeout.TotalSeconds:0.#} s to match (catastrophic backtracking?); simplify the pattern.";

    public override string ToString() => Text;
}
