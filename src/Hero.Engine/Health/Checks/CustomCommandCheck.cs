using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Hero.Health.Checks;

/// <summary>Kind "Custom": runs FilePath with ArgumentList (in WorkingDirectory, with Environment)
/// as a Hero task, never through a shell. An exit code outside SuccessExitCode (default 0) is
/// Critical. Without Pattern that is all. With Pattern (a regular expression over the output:
/// standard output, then standard error) and no thresholds, no match is Critical. With Warning or
/// Critical thresholds the value judged is the number in the pattern's group named "value" (first
/// match) or, without that group, the number of matches; a plain number threshold means "at or
/// over", or write the comparison: '&lt; 3'.</summary>
public sealed class CustomCommandCheck : ProcessHealthCheck
{
    internal static readonly string[] Keys = ["FilePath", "ArgumentList", "WorkingDirectory", "Environment", "Pattern", "Warning", "Critical", "SuccessExitCode"];

    private string _filePath = string.Empty;
    private string[] _arguments = [];
    private string? _workingDirectory;
    private Dictionary<string, string?>? _environment;
    private HealthPattern? _pattern;
    private NumericThreshold? _warning;
    private NumericThreshold? _critical;
    private int[] _success = [0];

    public override string Kind => "Custom";

    internal static CustomCommandCheck Create(HealthFields fields)
    {
        var check = new CustomCommandCheck
        {
            _filePath = fields.String("FilePath", required: true)!,
            _arguments = fields.Strings("ArgumentList") ?? [],
            _workingDirectory = fields.String("WorkingDirectory"),
            _pattern = fields.Pattern("Pattern"),
            _warning = fields.Threshold("Warning", ">="),
            _critical = fields.Threshold("Critical", ">="),
            _success = fields.Ints("SuccessExitCode", 0, 255) ?? [0],
        };
        if (fields.Table("Environment") is IDictionary environment)
        {
            check._environment = new Dictionary<string, string?>();
            foreach (DictionaryEntry entry in environment)
            {
                check._environment[System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] =
                    entry.Value is null ? null : System.Convert.ToString(entry.Value, CultureInfo.InvariantCulture);
            }
        }

        if ((check._warning is not null || check._critical is not null) && check._pattern is null)
        {
            throw fields.Problem(check._critical is not null ? "Critical" : "Warning", "needs a Pattern that finds the value to judge.");
        }

        return check;
    }

    public override async Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel)
    {
        string folder = context.Resolve(_workingDirectory ?? ".");
        HeroTaskResult run = await RunAsync(_filePath, _arguments, folder, context, cancel, _environment).ConfigureAwait(false);
        if (Unfinished(run) is { } unfinished) return unfinished;
        string tail = Tail(run);
        string threshold = Threshold();
        if (!_success.Contains(run.ExitCode))
        {
            return new HealthVerdict(HeroHealthStatus.Critical, run.ExitCode, threshold, $"'{run.Command}' exited with code {run.ExitCode}.", tail);
        }

        if (_pattern is null)
        {
            return new HealthVerdict(HeroHealthStatus.Healthy, run.ExitCode, threshold, $"'{run.Command}' exited with code {run.ExitCode}.", tail);
        }

        string output = Output(run);
        try
        {
            if (_warning is null && _critical is null)
            {
                bool matched = _pattern.IsMatch(output);
                return new HealthVerdict(matched ? HeroHealthStatus.Healthy : HeroHealthStatus.Critical, matched, threshold,
                    matched ? $"The output of '{run.Command}' matches /{_pattern}/." : $"The output of '{run.Command}' does not match /{_pattern}/.", tail);
            }

            double? value = Measure(output);
            if (value is not double number)
            {
                return HealthVerdict.Error($"/{_pattern}/ found no number in the group 'value' of the output of '{run.Command}'.", tail);
            }

            HeroHealthStatus status = _critical?.IsBreached(number) == true ? HeroHealthStatus.Critical
                : _warning?.IsBreached(number) == true ? HeroHealthStatus.Warning
                : HeroHealthStatus.Healthy;
            return new HealthVerdict(status, number, threshold, $"'{run.Command}' gave {number.ToString("0.###", CultureInfo.InvariantCulture)}.", tail);
        }
        catch (RegexMatchTimeoutException)
        {
            return HealthVerdict.Error(HealthPattern.TimedOutMessage("Pattern"), tail);
        }
    }

    private double? Measure(string output)
    {
        if (!_pattern!.HasGroup("value")) return _pattern.Count(output);
        Match match = _pattern.Match(output);
        return match.Success && double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) ? number : null;
    }

    private string Threshold()
    {
        var parts = new List<string>();
        if (!(_success.Length == 1 && _success[0] == 0)) parts.Add("exit " + string.Join("|", _success));
        if (_pattern is not null && _warning is null && _critical is null) parts.Add("matches /" + _pattern + "/");
        if (_warning is not null) parts.Add("warning " + _warning);
        if (_critical is not null) parts.Add("critical " + _critical);
        return parts.Count == 0 ? "exit 0" : string.Join(", ", parts);
    }
}
