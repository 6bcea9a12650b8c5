using System;
using System.IO;
using System.Text;
using System.Text.Json;
using Hero.Processes;

namespace Hero.Guardian;

/// <summary>worker.lock: one worker per guardian. Start-HeroGuardian claims it (created exclusively,
/// so of two starts at once only one gets it) with a launch token, and the worker it launches takes it
/// over by that token, writing its own pid and start. A lock whose holder has ended, or whose pid now
/// belongs to another process, is stale and is taken over; one held by a live process is not.
/// The same pid-plus-start rule as Backup-HeroProject's lock (<see cref="ProcessIdentity"/>).</summary>
internal static class GuardianLock
{
    internal sealed record Holder(ProcessIdentity Process, string? Token, DateTime? TakenAt);

    /// <summary>Claims the lock for a launch in this process.</summary>
    /// <exception cref="HeroGuardianException">A live worker (or another start) holds it.</exception>
    public static void Claim(GuardianPaths paths, string token)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var stream = new FileStream(paths.LockFile, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
                byte[] content = Describe(ProcessIdentity.Current(), token);
                stream.Write(content, 0, content.Length);
                stream.Flush(flushToDisk: true);
                return;
            }
            catch (IOException) when (File.Exists(paths.LockFile) && attempt < 3)
            {
                Holder? holder = Read(paths.LockFile);
                if (holder is not null && holder.Process.IsAlive())
                {
                    throw Running(paths.Name, holder);
                }

                if (holder is null && DateTime.UtcNow - File.GetLastWriteTimeUtc(paths.LockFile) < TimeSpan.FromSeconds(10))
                {
                    throw new HeroGuardianException(HeroGuardianProblem.AlreadyRunning, paths.Name,
                        $"Another start of guardian '{paths.Name}' is under way (its lock {paths.LockFile} is being written).");
                }

                TryDelete(paths.LockFile);
            }
        }
    }

    /// <summary>The worker's side: takes the lock when the launch that claimed it carried
    /// <paramref name="token"/>, or when nobody (alive) holds it: a service manager starts the worker
    /// with no launch before it.</summary>
    /// <returns>Null when taken, else the live holder.</returns>
    public static Holder? TakeOver(GuardianPaths paths, string? token)
    {
        Holder? holder = File.Exists(paths.LockFile) ? Read(paths.LockFile) : null;
        ProcessIdentity self = ProcessIdentity.Current();
        if (holder is not null && holder.Process.Pid != self.Pid && holder.Process.IsAlive()
            && (token is null || !string.Equals(holder.Token, token, StringComparison.Ordinal)))
        {
            return holder;
        }

        // The worker's own lock carries no token: a later launch with the same token must not take it.
        Reporting.AtomicFile.WriteAllBytes(paths.LockFile, Describe(self, null));
        return null;
    }

    /// <summary>Removes the lock if <paramref name="token"/> (or this process) still holds it.</summary>
    public static void Release(GuardianPaths paths, string? token)
    {
        Holder? holder = Read(paths.LockFile);
        if (holder is null) return;
        bool ours = holder.Process.Pid == ProcessIdentity.Current().Pid && holder.Process.IsLocal;
        if (ours || (token is not null && string.Equals(holder.Token, token, StringComparison.Ordinal)))
        {
            TryDelete(paths.LockFile);
        }
    }

    /// <summary>Removes the lock when nobody alive holds it.</summary>
    public static void RemoveIfStale(GuardianPaths paths)
    {
        if (LiveHolder(paths) is null) TryDelete(paths.LockFile);
    }

    /// <summary>The holder if it is alive, else null.</summary>
    public static Holder? LiveHolder(GuardianPaths paths)
    {
        Holder? holder = File.Exists(paths.LockFile) ? Read(paths.LockFile) : null;
        return holder is not null && holder.Process.IsAlive() ? holder : null;
    }

    internal static HeroGuardianException Running(string name, Holder holder)
    {
        string started = holder.TakenAt is { } at ? $" since {at:yyyy-MM-ddTHH:mm:ssZ}" : string.Empty;
        return new HeroGuardianException(HeroGuardianProblem.AlreadyRunning, name,
            $"The guardian '{name}' is already running: worker process {holder.Process.Pid} on {holder.Process.Host}{started}. Stop it first (Stop-HeroGuardian -Name {name}), or give another -Name.");
    }

    private static byte[] Describe(ProcessIdentity process, string? token)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("pid", process.Pid);
            if (process.StartTicks is ulong ticks) json.WriteNumber("startTicks", ticks);
            if (process.StartTime is DateTime start) json.WriteString("processStartTime", start.ToUniversalTime());
            json.WriteString("host", process.Host);
            if (token is not null) json.WriteString("token", token);
            json.WriteString("takenAt", DateTime.UtcNow);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    internal static Holder? Read(string path)
    {
        for (int i = 0; i < 5; i++)
        {
            try
            {
                string text;
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                using (var reader = new StreamReader(stream, Encoding.UTF8))
                {
                    text = reader.ReadToEnd();
                }

                if (text.Length > 0)
                {
                    using JsonDocument document = JsonDocument.Parse(text);
                    JsonElement root = document.RootElement;
                    var process = new ProcessIdentity(
                        root.GetProperty("pid").GetInt32(),
                        root.TryGetProperty("startTicks", out JsonElement ticks) ? ticks.GetUInt64() : null,
                        root.TryGetProperty("processStartTime", out JsonElement start) ? start.GetDateTime().ToUniversalTime() : null,
                        root.TryGetProperty("host", out JsonElement host) ? host.GetString() ?? string.Empty : string.Empty);
                    return new Holder(process,
                        root.TryGetProperty("token", out JsonElement token) ? token.GetString() : null,
                        root.TryGetProperty("takenAt", out JsonElement taken) ? taken.GetDateTime().ToUniversalTime() : null);
                }
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }
            catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or FormatException or System.Collections.Generic.KeyNotFoundException)
            {
            }

            System.Threading.Thread.Sleep(50);
        }

        return null;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
