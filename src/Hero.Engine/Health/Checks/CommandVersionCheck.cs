using System;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Hero.Health.Checks;

/// <summary>Kind "Command": a program is on PATH and, with Minimum/Warning, new enough. It runs
/// `Command VersionArguments` (default `--version`) as a Hero task and reads the version from its
/// output (standard output, then standard error) with VersionPattern, by default
/// <see cref="VersionText.DefaultPattern"/>: the first dotted number of two to four parts; a custom
/// pattern names the part with a group called "version". Not found: Critical.</summary>
public sealed class CommandVersionCheck : ProcessHealthCheck
{
    internal static readonly string[] Keys = ["Command", "Minimum", "Warning", "VersionArguments", "VersionPattern"];

    private string _command = string.Empty;
    private string[] _arguments = ["--version"];
    private HealthPattern _pattern = null!;
    private VersionRange _range = null!;

    public override string Kind => "Command";

    internal static CommandVersionCheck Create(HealthFields fields) => new()
    {
        _command = fields.String("Command", required: true)!,
        _range = VersionRange.From(fields),
        _arguments = fields.Strings("VersionArguments") ?? ["--version"],
        _pattern = fields.Pattern("VersionPattern") ?? new HealthPattern(VersionText.DefaultPattern),
    };

    public override async Task<HealthVerdict> CheckAsync(HealthContext context, CancellationToken cancel)
    {
        HeroTaskResult run = await RunAsync(_command, _arguments, context.BaseDirectory, context, cancel).ConfigureAwait(false);
        if (run.Status == HeroTaskStatus.StartFailed)
        {
            return new HealthVerdict(HeroHealthStatus.Critical, null, _range.IsEmpty ? "present" : _range.Describe(), run.Message ?? $"'{_command}' was not found.");
        }

        if (Unfinished(run) is { } unfinished) return unfinished;
        string tail = Tail(run);
        Version? version;
        try
        {
            version = VersionText.Find(Output(run), _pattern);
        }
        catch (RegexMatchTimeoutException)
        {
            return HealthVerdict.Error(HealthPattern.TimedOutMessage("VersionPattern"), tail);
        }

        if (version is null)
        {
            if (_range.IsEmpty && run.Succeeded) return HealthVerdict.Healthy(null, "present", $"'{_command}' is present (no version in its output).");
            return HealthVerdict.Error($"'{run.Command}' printed no version that VersionPattern '{_pattern}' finds (exit code {run.ExitCode}).", tail);
        }

        return _range.Judge(_command, version) with { OutputTail = tail };
    }
}
