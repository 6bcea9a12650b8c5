using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using Hero.Guardian;
using Hero.Processes;

namespace Hero.Tests.Guardian;

public sealed class GuardianCatalogTests : IDisposable
{
    private readonly string _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "hero-guardians-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private GuardianPaths Make(string name, Action<GuardianStateRecord> state)
    {
        var paths = new GuardianPaths(_root, name);
        Directory.CreateDirectory(paths.Folder);
        new GuardianSpec { Name = name, Mode = GuardianMode.KeepAlive, Display = "sleep 60", TraceId = "0123456789abcdef0123456789abcdef" }.Write(paths.SpecFile);
        ProcessIdentity self = ProcessIdentity.Current();
        var record = new GuardianStateRecord
        {
            Name = name,
            State = HeroGuardianState.Running,
            WorkerPid = self.Pid,
            WorkerStartTicks = self.StartTicks,
            WorkerProcessStart = self.StartTime,
            Host = self.Host,
            Heartbeat = DateTime.UtcNow,
            HeartbeatIntervalMs = 2000,
        };
        state(record);
        record.Write(paths.StateFile);
        return paths;
    }

    [Fact]
    public void A_live_worker_with_a_fresh_heartbeat_is_running()
    {
        Assert.Equal(HeroGuardianState.Running, GuardianCatalog.Read(Make("live", _ => { })).State);
    }

    [Fact]
    public void A_heartbeat_older_than_three_intervals_is_stale()
    {
        Assert.Equal(HeroGuardianState.Running, GuardianCatalog.Read(Make("recent", s => s.Heartbeat = DateTime.UtcNow.AddSeconds(-5.5))).State);
        HeroGuardianInfo info = GuardianCatalog.Read(Make("old", s => s.Heartbeat = DateTime.UtcNow.AddSeconds(-6.5)));
        Assert.Equal(HeroGuardianState.Stale, info.State);
        Assert.Contains("has not reported for", info.Message);
    }

    [Fact]
    public void A_pid_that_now_belongs_to_another_process_is_stale()
    {
        // This process's pid with another start: the pid was reused.
        HeroGuardianInfo info = GuardianCatalog.Read(Make("reused", s =>
        {
            s.WorkerStartTicks = s.WorkerStartTicks is ulong ticks ? ticks - 1000 : null;
            s.WorkerProcessStart = s.WorkerProcessStart?.AddMinutes(-5);
        }));
        Assert.Equal(HeroGuardianState.Stale, info.State);
        Assert.Contains("is gone", info.Message);
        Assert.Null(info.ChildPid);
    }

    [Fact]
    public void A_stopped_or_fatal_guardian_is_never_stale()
    {
        Assert.Equal(HeroGuardianState.Fatal, GuardianCatalog.Read(Make("fatal", s => { s.State = HeroGuardianState.Fatal; s.WorkerPid = 999_999; })).State);
    }

    [Fact]
    public void Names_and_wildcards_list_only_folders_with_a_definition()
    {
        Make("web", _ => { });
        Make("worker", _ => { });
        Directory.CreateDirectory(Path.Combine(_root, "not-a-guardian"));
        Assert.Equal(["web", "worker"], GuardianCatalog.Names(_root));
        Assert.Equal(["worker"], GuardianCatalog.Matching(_root, "wor*"));
        Assert.Equal(["web"], GuardianCatalog.Matching(_root, "W?B"));
        Assert.Equal(["web", "worker"], GuardianCatalog.Matching(_root, "w[eo]*"));
    }

    [Fact]
    public void A_name_that_cannot_be_a_folder_or_a_service_is_refused()
    {
        Assert.Null(GuardianPaths.NameProblem("web-1.api_v2"));
        Assert.NotNull(GuardianPaths.NameProblem("../etc"));
        Assert.NotNull(GuardianPaths.NameProblem("has space"));
        Assert.NotNull(GuardianPaths.NameProblem(".hidden"));
        Assert.NotNull(GuardianPaths.NameProblem(new string('a', 81)));
    }

    [Fact]
    public void The_definition_round_trips_and_a_newer_version_is_refused()
    {
        GuardianPaths paths = Make("spec", _ => { });
        GuardianSpec spec = GuardianSpec.Read(paths);
        Assert.Equal("sleep 60", spec.Display);
        File.WriteAllText(paths.SpecFile, JsonSerializer.Serialize(new { version = 99, name = "spec" }));
        var e = Assert.Throws<HeroGuardianException>(() => GuardianSpec.Read(paths));
        Assert.Contains("version 99 is newer", e.Message);
    }
}
