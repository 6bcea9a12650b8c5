using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hero.Guardian;

/// <summary>guardian.json: everything the worker needs to run, written by Start-HeroGuardian in the
/// caller's session (paths made absolute, the program resolvable, the checks readable) and read by the
/// worker at each start. It may hold the task's environment, so the folder is the user's alone.</summary>
internal sealed class GuardianSpec
{
    public const int CurrentVersion = 1;

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public int Version { get; set; } = CurrentVersion;

    public string Name { get; set; } = string.Empty;

    public GuardianMode Mode { get; set; }

    public GuardianDutyKind Duty { get; set; }

    /// <summary>The command, for Command duties and -KeepAlive.</summary>
    public TaskSpec? Task { get; set; }

    /// <summary>What Get-HeroGuardian shows as the command (secrets masked).</summary>
    public string Display { get; set; } = string.Empty;

    public GuardianRestartPolicy Restart { get; set; } = GuardianRestartPolicy.OnFailure;

    public double RestartDelayMs { get; set; } = 1000;

    public double MaxRestartDelayMs { get; set; } = 60_000;

    public double ResetAfterMs { get; set; } = 60_000;

    public int MaxRestarts { get; set; } = 10;

    public double RestartWindowMs { get; set; } = 600_000;

    /// <summary>Exit codes given with -SuccessExitCode: an exit with one of them is never restarted.
    /// Null when none were given (then 0 is success for OnFailure, and Always restarts after it).</summary>
    public int[]? SuccessExitCodes { get; set; }

    public ProbeSpec? Probe { get; set; }

    /// <summary>Zero: no watchdog.</summary>
    public double WatchdogTimeoutMs { get; set; }

    /// <summary>Zero: no limit.</summary>
    public long MaxMemoryBytes { get; set; }

    public double EveryMs { get; set; }

    public double JitterMs { get; set; }

    public bool RunNow { get; set; }

    public BackupSpec? Backup { get; set; }

    public HealthDutySpec? Health { get; set; }

    public long MaxLogSize { get; set; } = 10L * 1024 * 1024;

    public int RetainedLogCount { get; set; } = 5;

    public double HeartbeatIntervalMs { get; set; } = 2000;

    public string TraceId { get; set; } = string.Empty;

    public LogSpec HeroLog { get; set; } = new();

    /// <summary>Values registered as secrets in the calling session, so the worker masks them too.</summary>
    public string[] Secrets { get; set; } = [];

    /// <summary>The worker's command line (the same for a detached start and for a service).</summary>
    public string[] WorkerCommand { get; set; } = [];

    /// <summary>The service manager that runs the worker ("systemd", "launchd", "schtasks"), or null.</summary>
    public string? Service { get; set; }

    public string? ServiceName { get; set; }

    public DateTime CreatedAt { get; set; }

    public TimeSpan GracePeriod => Task is { } task ? TaskSpec.Span(task.GracePeriodMs) : HeroTaskDefinition.DefaultGracePeriod;

    public TimeSpan HeartbeatInterval => TimeSpan.FromMilliseconds(HeartbeatIntervalMs);

    public void Write(string path) =>
        Reporting.AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, Json));

    /// <exception cref="HeroGuardianException">Missing or not readable.</exception>
    public static GuardianSpec Read(GuardianPaths paths)
    {
        string text;
        try
        {
            text = File.ReadAllText(paths.SpecFile, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeroGuardianException(HeroGuardianProblem.NotFound, paths.Name, $"The guardian '{paths.Name}' has no readable definition at {paths.SpecFile}: {e.Message}", e);
        }

        try
        {
            GuardianSpec spec = JsonSerializer.Deserialize<GuardianSpec>(text, Json) ?? throw new JsonException("empty");
            if (spec.Version > CurrentVersion)
            {
                throw new JsonException($"version {spec.Version} is newer than this Hero understands ({CurrentVersion})");
            }

            return spec;
        }
        catch (JsonException e)
        {
            throw new HeroGuardianException(HeroGuardianProblem.NotFound, paths.Name, $"The definition of guardian '{paths.Name}' ({paths.SpecFile}) cannot be read: {e.Message}", e);
        }
    }
}
