using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Hero.Guardian;

/// <summary>state.json: what the worker reports, rewritten whole (aside, then renamed over the old
/// one) on every change and every heartbeat, so a reader never sees half of it. The worker's pid, start
/// ticks and host let a reader tell the worker from a process that reused its pid; the child's, with its
/// kill-group marker, let the next worker end a tree the last one left behind.</summary>
internal sealed class GuardianStateRecord
{
    public string Name { get; set; } = string.Empty;

    public HeroGuardianState State { get; set; }

    public int? WorkerPid { get; set; }

    public ulong? WorkerStartTicks { get; set; }

    public DateTime? WorkerProcessStart { get; set; }

    public string? Host { get; set; }

    public DateTime? WorkerStartedAt { get; set; }

    public int? ChildPid { get; set; }

    public ulong? ChildStartTicks { get; set; }

    public DateTime? ChildProcessStart { get; set; }

    public string? ChildMarker { get; set; }

    public DateTime? ChildStartedAt { get; set; }

    public int Restarts { get; set; }

    public int? LastExitCode { get; set; }

    public DateTime? LastExitTime { get; set; }

    public string? LastExitReason { get; set; }

    public DateTime? NextRun { get; set; }

    public int Runs { get; set; }

    public int SkippedRuns { get; set; }

    public string? LastRunResult { get; set; }

    public DateTime? LastRunTime { get; set; }

    public long? TreeMemoryBytes { get; set; }

    public DateTime? Heartbeat { get; set; }

    public double HeartbeatIntervalMs { get; set; }

    public string? Message { get; set; }

    /// <summary>Set by Start-HeroGuardian before it launches the worker: the worker takes the lock by it.</summary>
    public string? LaunchToken { get; set; }

    /// <summary>The launch token the running worker took over with: the starter waits for it.</summary>
    public string? LaunchedBy { get; set; }

    /// <summary>The id of the last stop or restart request the worker carried out.</summary>
    public string? HandledRequest { get; set; }

    public GuardianStateRecord Clone() => (GuardianStateRecord)MemberwiseClone();

    public Hero.Processes.ProcessIdentity? Worker =>
        WorkerPid is int pid ? new Hero.Processes.ProcessIdentity(pid, WorkerStartTicks, WorkerProcessStart, Host ?? Environment.MachineName) : null;

    public Hero.Processes.ProcessIdentity? Child =>
        ChildPid is int pid ? new Hero.Processes.ProcessIdentity(pid, ChildStartTicks, ChildProcessStart, Host ?? Environment.MachineName) : null;

    public void Write(string path) =>
        Reporting.AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, GuardianSpec.Json));

    /// <summary>The record, or null when there is none yet or it cannot be read (a reader retries
    /// briefly: on Windows a rename may be under way).</summary>
    public static GuardianStateRecord? TryRead(string path)
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (!File.Exists(path)) return null;
                string text;
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                using (var reader = new StreamReader(stream, Encoding.UTF8))
                {
                    text = reader.ReadToEnd();
                }

                return JsonSerializer.Deserialize<GuardianStateRecord>(text, GuardianSpec.Json);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                System.Threading.Thread.Sleep(20);
            }
        }

        return null;
    }
}
