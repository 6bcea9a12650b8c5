using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using Hero.Processes;

namespace Hero.Backup;

/// <summary>meta/backup.lock in the destination: one backup at a time. It records the holder's pid,
/// that process's start time (on Linux also its start ticks, exact) and host, so a lock whose process
/// is gone, or whose pid now belongs to another process, is recognised as stale and taken over with a
/// warning. A lock held by a live process fails fast and names the holder. A lock from another host
/// cannot be checked and is respected.</summary>
internal sealed class BackupLock : IDisposable
{
    public const string FileName = "backup.lock";
    private static readonly TimeSpan UnreadableIsStaleAfter = TimeSpan.FromSeconds(10);

    private readonly FileStream _stream;
    private readonly string _path;

    private BackupLock(FileStream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    public sealed record Holder(ProcessIdentity Process, DateTime? StartedAt, string? Source);

    /// <exception cref="BackupLockedException">A live process holds the lock.</exception>
    public static BackupLock Acquire(string destination, string source, Action<string> warn)
    {
        string folder = Path.Combine(destination, BackupManifest.MetaFolderName);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FileName);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
                byte[] content = Encoding.UTF8.GetBytes(Describe(source));
                stream.Write(content, 0, content.Length);
                stream.Flush(flushToDisk: true);
                return new BackupLock(stream, path);
            }
            catch (IOException) when (File.Exists(path) && attempt < 2)
            {
                Holder? holder = ReadHolder(path);
                if (holder is null)
                {
                    if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) < UnreadableIsStaleAfter)
                    {
                        throw new BackupLockedException($"Another backup is starting in {destination} (its lock file {path} is still being written).", path, null);
                    }

                    warn($"Taking over the unreadable backup lock {path}.");
                }
                else if (IsAlive(holder))
                {
                    string started = holder.StartedAt is { } at ? $", started at {BackupManifest.Iso(at)}" : string.Empty;
                    string what = holder.Source is null ? string.Empty : $" of {holder.Source}";
                    throw new BackupLockedException(
                        $"Another backup{what} is running into {destination}: process {holder.Process.Pid} on {holder.Process.Host}{started} holds the lock {path}.", path, holder.Process.Pid);
                }
                else
                {
                    warn($"Taking over a stale backup lock: process {holder.Process.Pid} on {holder.Process.Host}, which took it" +
                         (holder.StartedAt is { } at ? $" at {BackupManifest.Iso(at)}" : string.Empty) + $", is gone ({path}).");
                }

                // Two runs may both find it stale: only one of them creates the new lock.
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private static string Describe(string source)
    {
        ProcessIdentity self = ProcessIdentity.Current();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("pid", self.Pid);
            if (self.StartTime is DateTime start) json.WriteString("processStartTime", BackupManifest.Iso(start));
            if (self.StartTicks is ulong t) json.WriteNumber("startTicks", t);
            json.WriteString("host", Environment.MachineName);
            json.WriteString("startedAt", BackupManifest.Iso(DateTime.UtcNow));
            json.WriteString("source", source);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The holder, waiting briefly for a lock that is being written; null if unreadable.</summary>
    internal static Holder? ReadHolder(string path)
    {
        for (int i = 0; i < 10; i++)
        {
            try
            {
                string text;
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                using (var reader = new StreamReader(stream))
                {
                    text = reader.ReadToEnd();
                }

                if (text.Length > 0) return Parse(text);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
            {
            }

            Thread.Sleep(100);
        }

        return null;
    }

    private static Holder Parse(string text)
    {
        using JsonDocument document = JsonDocument.Parse(text);
        JsonElement root = document.RootElement;
        var process = new ProcessIdentity(
            root.GetProperty("pid").GetInt32(),
            root.TryGetProperty("startTicks", out JsonElement ticks) ? ticks.GetUInt64() : null,
            Time(root, "processStartTime"),
            root.TryGetProperty("host", out JsonElement host) ? host.GetString() ?? string.Empty : string.Empty);
        return new Holder(
            process,
            Time(root, "startedAt"),
            root.TryGetProperty("source", out JsonElement source) ? source.GetString() : null);
    }

    private static DateTime? Time(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? DateTime.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
            : null;

    /// <summary>Whether the process that took the lock still runs: same pid, same start, not a zombie.</summary>
    internal static bool IsAlive(Holder holder) => holder.Process.IsAlive();

    private static readonly int SelfPid = GetSelfPid();

    private static int GetSelfPid()
    {
        using Process self = Process.GetCurrentProcess();
        return self.Id;
    }

    /// <summary>Removes the lock, unless another run took it over meanwhile.</summary>
    public void Dispose()
    {
        _stream.Dispose();
        Holder? holder = ReadHolder(_path);
        if (holder is null || (holder.Process.Pid == SelfPid && holder.Process.IsLocal))
        {
            try
            {
                File.Delete(_path);
            }
            catch (IOException)
            {
            }
        }
    }
}
