using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Diagnostics;
using Hero.Backup;
using Hero.Processes;

namespace Hero.Tests.Backup;

public sealed class BackupLockTests : IDisposable
{
    private readonly string _destination = Path.Combine(Path.GetTempPath(), "hero-lock-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_destination)) Directory.Delete(_destination, recursive: true);
    }

    private string LockPath => Path.Combine(_destination, "meta", BackupLock.FileName);

    [Fact]
    public void Fails_fast_while_a_live_process_holds_it_and_names_the_holder()
    {
        using (BackupLock.Acquire(_destination, "/src/a", _ => { }))
        {
            var e = Assert.Throws<BackupLockedException>(() => BackupLock.Acquire(_destination, "/src/b", _ => { }));
            Assert.Equal(Environment.ProcessId, e.HolderProcessId);
            Assert.Contains($"process {Environment.ProcessId} on {Environment.MachineName}", e.Message);
            Assert.Contains("/src/a", e.Message);
        }

        Assert.False(File.Exists(LockPath));
    }

    [Fact]
    public void Takes_over_a_lock_whose_pid_now_belongs_to_another_process()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LockPath)!);

        // This very process, but not started when the lock says: the pid was reused.
        File.WriteAllText(LockPath, $"{{\"pid\":{Environment.ProcessId},\"processStartTime\":\"2001-01-01T00:00:00.000Z\",\"host\":\"{Environment.MachineName}\",\"startedAt\":\"2001-01-01T00:00:00.000Z\"}}");
        var warnings = new List<string>();
        using (BackupLock.Acquire(_destination, "/src/a", warnings.Add))
        {
            Assert.Contains("stale backup lock", Assert.Single(warnings));
        }
    }

    [Fact]
    public void Tells_a_live_holder_from_a_gone_one()
    {
        using Process self = Process.GetCurrentProcess();
        var process = new ProcessIdentity(self.Id, null, self.StartTime.ToUniversalTime(), Environment.MachineName);
        var live = new BackupLock.Holder(process, DateTime.UtcNow, null);
        Assert.True(BackupLock.IsAlive(live));
        Assert.False(BackupLock.IsAlive(live with { Process = process with { StartTime = process.StartTime!.Value.AddHours(-1) } }));
        Assert.True(BackupLock.IsAlive(live with { Process = process with { Host = "some-other-host", Pid = 1 << 30 } }));
        Assert.False(BackupLock.IsAlive(live with { Process = process with { Pid = (1 << 22) + 17 } }));
    }
}
