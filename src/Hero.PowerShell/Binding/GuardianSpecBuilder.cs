using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Hero.Correlation;
using Hero.Guardian;
using Hero.Logging;
using Hero.Processes;
using Hero.PowerShell.Commands;
using Hero.PowerShell.Hosting;
using Hero.Security;
using Hero.Tasks;

namespace Hero.PowerShell.Binding;

/// <summary>Start-HeroGuardian's parameters as the definition the worker runs from, checked here, in
/// the caller's session, before anything is written or started: a mistake is an error naming the
/// parameter now, not a worker that dies later where nobody looks.</summary>
internal sealed class GuardianSpecBuilder
{
    private readonly StartHeroGuardianCommand _cmdlet;

    public GuardianSpecBuilder(StartHeroGuardianCommand cmdlet)
    {
        _cmdlet = cmdlet;
    }

    internal sealed record Built(GuardianSpec Spec, GuardianPaths Paths, ChildStartInfo WorkerStart);

    /// <exception cref="HeroTaskDefinitionException">A parameter is wrong; the exception names it.</exception>
    public Built Build()
    {
        StartHeroGuardianCommand c = _cmdlet;
        string name = c.Name ?? throw new HeroTaskDefinitionException("A guardian needs a name: give -Name.", "Name");
        if (GuardianPaths.NameProblem(name) is { } problem) throw new HeroTaskDefinitionException(problem, "Name");

        var spec = new GuardianSpec { Name = name, CreatedAt = DateTime.UtcNow };
        bool every = c.IsBound(nameof(c.Every));
        string set = c.ParameterSetName;
        bool taskSet = set is StartHeroGuardianCommand.TaskSet or StartHeroGuardianCommand.BackupSet or StartHeroGuardianCommand.HealthSet;
        if (c.KeepAlive && every)
        {
            throw new HeroTaskDefinitionException("-KeepAlive and -Every are two kinds of guardian: give one of them.", "Every");
        }

        if (!c.KeepAlive && !every && !taskSet)
        {
            throw new HeroTaskDefinitionException("Say what to guard: -KeepAlive keeps the command running, -Every <interval> runs it on a schedule.", "KeepAlive");
        }

        spec.Mode = every ? GuardianMode.Every : GuardianMode.KeepAlive;
        spec.Duty = set switch
        {
            StartHeroGuardianCommand.BackupSet => GuardianDutyKind.Backup,
            StartHeroGuardianCommand.HealthSet => GuardianDutyKind.Health,
            _ => GuardianDutyKind.Command,
        };

        if (spec.Mode == GuardianMode.Every) Schedule(spec);
        else KeepAlive(spec);

        string directory = PathResolver.CurrentDirectory(c);
        switch (spec.Duty)
        {
            case GuardianDutyKind.Backup:
                spec.Backup = BackupDuty(directory);
                spec.Display = "Backup-HeroProject " + spec.Backup.Source;
                break;
            case GuardianDutyKind.Health:
                spec.Health = HealthDuty(directory);
                spec.Display = "Test-HeroHealth " + string.Join(", ", spec.Health.Paths);
                break;
            default:
                (spec.Task, spec.Display) = Command(spec.Mode);
                break;
        }

        if (c.MaxLogSize <= 0) throw new HeroTaskDefinitionException("-MaxLogSize must be more than zero.", "MaxLogSize");
        spec.MaxLogSize = c.MaxLogSize;
        spec.RetainedLogCount = c.RetainedLogCount;
        spec.TraceId = c.CorrelationId is { Length: > 0 } id ? id : TraceContext.NewTraceId();
        spec.Secrets = SecretMasker.Default.RegisteredValues.ToArray();
        HeroLoggingConfiguration log = HeroLog.Settings;
        spec.HeroLog = new LogSpec
        {
            Path = log.Path ?? string.Empty,
            MinimumLevel = log.MinimumLevel,
            Format = log.Format,
            MaxFileSize = log.MaxFileSize,
            RetainedFileCount = log.RetainedFileCount,
        };

        string root = PathResolver.FileSystemPath(c, c.StateDirectory) ?? GuardianPaths.DefaultRoot();
        var paths = new GuardianPaths(root, name);
        if (c.Persist) spec.Service = GuardianService.Native;
        spec.ServiceName = spec.Service is { } service ? GuardianService.ServiceName(service, name) : null;
        ChildStartInfo worker = WorkerStart(paths);
        spec.WorkerCommand = [worker.ProgramPath, .. worker.Arguments];
        return new Built(spec, paths, worker);
    }

    private void Schedule(GuardianSpec spec)
    {
        StartHeroGuardianCommand c = _cmdlet;
        if (c.Every <= TimeSpan.Zero) throw new HeroTaskDefinitionException("-Every must be more than zero: it is the time between two runs.", "Every");
        if (c.Jitter < TimeSpan.Zero || c.Jitter >= c.Every)
        {
            throw new HeroTaskDefinitionException($"-Jitter must be at least zero and less than -Every ({Hero.Text.DurationParser.Format(c.Every)}).", "Jitter");
        }

        foreach (string keepAliveOnly in new[] { nameof(c.Restart), nameof(c.RestartDelay), nameof(c.MaxRestartDelay), nameof(c.ResetAfter), nameof(c.MaxRestarts),
                     nameof(c.RestartWindow), nameof(c.HealthUri), nameof(c.HealthPort), nameof(c.HealthCommand), nameof(c.WatchdogTimeout), nameof(c.MaxMemory) })
        {
            if (c.IsBound(keepAliveOnly))
            {
                throw new HeroTaskDefinitionException($"-{keepAliveOnly} is for a kept-alive command (-KeepAlive); a duty with -Every is never restarted, it runs again at its next time.", keepAliveOnly);
            }
        }

        spec.EveryMs = c.Every.TotalMilliseconds;
        spec.JitterMs = c.Jitter.TotalMilliseconds;
        spec.RunNow = c.RunNow;
    }

    private void KeepAlive(GuardianSpec spec)
    {
        StartHeroGuardianCommand c = _cmdlet;
        foreach (string everyOnly in new[] { nameof(c.Jitter), nameof(c.RunNow) })
        {
            if (c.IsBound(everyOnly)) throw new HeroTaskDefinitionException($"-{everyOnly} is for a duty on a schedule (-Every).", everyOnly);
        }

        if (c.RestartDelay <= TimeSpan.Zero) throw new HeroTaskDefinitionException("-RestartDelay must be more than zero.", "RestartDelay");
        if (c.MaxRestartDelay < c.RestartDelay)
        {
            throw new HeroTaskDefinitionException($"-MaxRestartDelay must be at least -RestartDelay ({Hero.Text.DurationParser.Format(c.RestartDelay)}).", "MaxRestartDelay");
        }

        if (c.RestartWindow <= TimeSpan.Zero) throw new HeroTaskDefinitionException("-RestartWindow must be more than zero.", "RestartWindow");
        spec.Restart = c.Restart;
        spec.RestartDelayMs = c.RestartDelay.TotalMilliseconds;
        spec.MaxRestartDelayMs = c.MaxRestartDelay.TotalMilliseconds;
        spec.ResetAfterMs = c.ResetAfter <= TimeSpan.Zero ? 0 : c.ResetAfter.TotalMilliseconds;
        spec.MaxRestarts = c.MaxRestarts;
        spec.RestartWindowMs = c.RestartWindow == System.Threading.Timeout.InfiniteTimeSpan ? -1 : c.RestartWindow.TotalMilliseconds;
        spec.SuccessExitCodes = c.IsBound(nameof(c.SuccessExitCode)) ? c.SuccessExitCode : null;
        spec.WatchdogTimeoutMs = c.WatchdogTimeout.TotalMilliseconds;
        if (c.MaxMemory < 0) throw new HeroTaskDefinitionException("-MaxMemory must be more than zero.", "MaxMemory");
        spec.MaxMemoryBytes = c.MaxMemory;
        spec.Probe = Probe();
    }

    private ProbeSpec? Probe()
    {
        StartHeroGuardianCommand c = _cmdlet;
        string[] given = new[] { nameof(c.HealthUri), nameof(c.HealthPort), nameof(c.HealthCommand) }.Where(c.IsBound).ToArray();
        if (given.Length > 1) throw new HeroTaskDefinitionException($"Give one health probe, not {string.Join(" and ", given.Select(g => "-" + g))}.", given[1]);
        if (given.Length == 0)
        {
            foreach (string setting in new[] { nameof(c.HealthInterval), nameof(c.HealthTimeout), nameof(c.HealthFailureThreshold), nameof(c.HealthStartDelay) })
            {
                if (c.IsBound(setting)) throw new HeroTaskDefinitionException($"-{setting} sets up a health probe: give -HealthUri, -HealthPort or -HealthCommand too.", setting);
            }

            return null;
        }

        if (c.HealthTimeout <= TimeSpan.Zero || c.HealthInterval <= TimeSpan.Zero)
        {
            throw new HeroTaskDefinitionException("-HealthInterval and -HealthTimeout must be more than zero.", c.HealthTimeout <= TimeSpan.Zero ? "HealthTimeout" : "HealthInterval");
        }

        var probe = new ProbeSpec
        {
            IntervalMs = c.HealthInterval.TotalMilliseconds,
            TimeoutMs = c.HealthTimeout.TotalMilliseconds,
            FailureThreshold = c.HealthFailureThreshold,
            StartDelayMs = c.HealthStartDelay.TotalMilliseconds,
        };
        switch (given[0])
        {
            case nameof(c.HealthUri):
                if (!Uri.TryCreate(c.HealthUri, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    throw new HeroTaskDefinitionException($"'{c.HealthUri}' is not an http:// or https:// address.", "HealthUri");
                }

                probe.Kind = "Http";
                probe.Uri = uri.AbsoluteUri;
                break;
            case nameof(c.HealthPort):
                probe.Kind = "TcpPort";
                probe.Port = c.HealthPort;
                break;
            default:
                probe.Kind = "Custom";
                probe.Command = c.HealthCommand;
                probe.WorkingDirectory = PathResolver.CurrentDirectory(c);
                break;
        }

        return probe;
    }

    private (TaskSpec Task, string Display) Command(GuardianMode mode)
    {
        StartHeroGuardianCommand c = _cmdlet;
        HeroTaskDefinition task = c.ParameterSetName == StartHeroGuardianCommand.TaskSet ? c.Task.Clone() : c.Definition();
        if (mode == GuardianMode.KeepAlive && !c.IsBound(nameof(c.Timeout)))
        {
            // A kept-alive command runs until it ends: an hour's deadline would restart it every hour.
            task.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        }

        if (task.WorkingDirectory is { } folder) task.WorkingDirectory = Path.GetFullPath(folder);
        if (task.StandardInputPath is { } input) task.StandardInputPath = Path.GetFullPath(input);
        if (task.OutputPath is { } output) task.OutputPath = Path.GetFullPath(output);
        if (task.ScriptPath is { } script) task.ScriptPath = Path.GetFullPath(script);
        TaskSpec spec = TaskSpec.From(task);
        LaunchPlanner.Validate(task);
        if (task.Kind == HeroTaskKind.Process)
        {
            // Resolved now, from this session's PATH and folder: the worker runs what was found here.
            string directory = LaunchPlanner.WorkingDirectoryOf(task);
            try
            {
                spec.FilePath = CommandResolver.Resolve(task.FilePath!, directory, LaunchPlanner.EnvironmentFor(task, "0", "0"));
            }
            catch (ProcessStartException e)
            {
                throw new HeroTaskDefinitionException(e.Message, "FilePath");
            }
        }

        string display = SecretMasker.Default.MaskAll(LaunchPlanner.Describe(task));
        return (spec, display);
    }

    private BackupSpec BackupDuty(string directory)
    {
        StartHeroGuardianCommand c = _cmdlet;
        string source = PathResolver.FileSystemPath(c, c.Path) ?? directory;
        if (!Directory.Exists(source)) throw new HeroTaskDefinitionException($"The folder to back up, '{source}', does not exist.", "Path");
        return new BackupSpec
        {
            Source = source,
            Destination = PathResolver.FileSystemPath(c, c.Destination),
            Include = c.Include,
            Exclude = c.Exclude,
            MaxBackups = c.MaxBackups,
            CompressionLevel = c.CompressionLevel,
            GitTimeoutMs = TaskSpec.Ms(c.GitTimeout),
            GitRetryCount = c.GitRetryCount,
            GitRetryDelayMs = c.GitRetryDelay.TotalMilliseconds,
            GracePeriodMs = c.GracePeriod.TotalMilliseconds,
        };
    }

    private HealthDutySpec HealthDuty(string directory)
    {
        StartHeroGuardianCommand c = _cmdlet;
        string[] files = c.Health.Select(p => PathResolver.FileSystemPath(c, p)!).ToArray();
        foreach (string file in files)
        {
            if (!File.Exists(file)) throw new HeroTaskDefinitionException($"The checks file '{file}' does not exist.", "Health");
        }

        var spec = new HealthDutySpec
        {
            Paths = files,
            BaseDirectory = directory,
            CheckTimeoutMs = TaskSpec.Ms(c.CheckTimeout),
            TimeoutMs = c.IsBound(nameof(c.Timeout)) ? TaskSpec.Ms(c.Timeout) : TaskSpec.Ms(Hero.Health.HealthRunOptions.DefaultTimeout),
            GracePeriodMs = c.GracePeriod.TotalMilliseconds,
        };

        // Read once now, so a wrong file is an error here and not a failed run later.
        try
        {
            GuardianWorkerHost.ReadChecks(spec);
        }
        catch (Hero.Health.HealthCheckDefinitionException e)
        {
            throw new HeroTaskDefinitionException(e.Message, "Health");
        }

        return spec;
    }

    /// <summary>The worker: a fresh pwsh that imports this very module, by its path, and runs the
    /// worker entry. The same command line a service manager gets for -Persist.</summary>
    private ChildStartInfo WorkerStart(GuardianPaths paths)
    {
        string powershell = HostEnvironment.CurrentPowerShell((string)_cmdlet.SessionState.PSVariable.GetValue("PSHOME"));
        var command = new List<string>();
        if (powershell.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            command.Add(GuardianWorkerHost.DotnetHost());
        }

        command.Add(powershell);
        command.AddRange(["-NoProfile", "-NonInteractive"]);
        if (ChildProcess.IsWindows) command.AddRange(["-ExecutionPolicy", "Bypass"]);
        string manifest = GuardianWorkerHost.ModuleManifest();
        command.AddRange(["-Command", $"Import-Module -Name '{Quote(manifest)}'; Start-HeroGuardian -Worker '{Quote(paths.Folder)}'; exit $LASTEXITCODE"]);
        return WorkerStartOf(command, paths);
    }

    /// <summary>The launch of a worker command line (a new one, or the one guardian.json keeps).</summary>
    internal static ChildStartInfo WorkerStartOf(IReadOnlyList<string> command, GuardianPaths paths) => new()
    {
        ProgramPath = command[0],
        Arguments = command.Skip(1).ToArray(),
        WorkingDirectory = paths.Folder,
        Environment = WorkerEnvironment(),
        OutlivesHost = true,
    };

    /// <summary>Turns off dynamic PGO in the worker's runtime.</summary>
    internal const string WorkerRuntimeVariable = "DOTNET_TieredPGO";

    private static string Quote(string text) => text.Replace("'", "''");

    private static IReadOnlyDictionary<string, string> WorkerEnvironment()
    {
        var environment = new Dictionary<string, string>(ChildProcess.IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            string key = (string)variable.Key;
            // Not the caller's trace (the worker has its guardian's own) nor its log settings (given in guardian.json).
            if (key is TraceContext.TraceParentVariable or TraceContext.TraceStateVariable or TraceContext.CorrelationVariable) continue;
            environment[key] = variable.Value as string ?? string.Empty;
        }

        // The worker idles for days: dynamic PGO's instrumented tier kept re-compiling its timer paths
        // for minutes (about 2 % of a core at idle, against 0.5 % without; docs/performance.md, figure 14).
        environment[WorkerRuntimeVariable] = "0";
        return environment;
    }
}
