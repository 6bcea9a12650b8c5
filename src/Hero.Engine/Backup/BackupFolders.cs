using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Hero.Backup;

/// <summary>The backup folders of a destination: &lt;yyyy-MM-dd&gt;/&lt;HHmmss&gt; in UTC (with -2, -3, ...
/// when two runs start in the same second), each marked with a .hero-backup file the moment it is
/// created. Retention only ever touches folders with that mark: anything else in the destination
/// (a folder a user put there, a backup made by another tool) is never deleted.</summary>
internal static class BackupFolders
{
    public const string MarkerName = ".hero-backup";

    public readonly record struct Entry(string Path, DateTime StartedAt, bool Ok);

    public static string Create(string destination, DateTime startedAt, Guid runId)
    {
        string day = Path.Combine(destination, startedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        string time = startedAt.ToString("HHmmss", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(day);

        // After the highest suffix of this second, never in a gap: a name that retention freed must
        // not come back for a newer backup, or an older record would point at it.
        int last = 0;
        foreach (string sibling in Directory.EnumerateDirectories(day, time + "*"))
        {
            string name = Path.GetFileName(sibling);
            if (name == time) last = Math.Max(last, 1);
            else if (name.StartsWith(time + "-", StringComparison.Ordinal) && int.TryParse(name.Substring(time.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n)) last = Math.Max(last, n);
        }

        // Runs are serialised by the lock, so nobody else creates this folder meanwhile.
        string folder = Path.Combine(day, last == 0 ? time : time + "-" + (last + 1).ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, MarkerName),
            $"{{\"startedAt\":\"{BackupManifest.Iso(startedAt)}\",\"runId\":\"{runId:N}\"}}");
        return folder;
    }

    /// <summary>The marked backup folders, newest first.</summary>
    public static List<Entry> List(string destination)
    {
        var entries = new List<Entry>();
        if (!Directory.Exists(destination)) return entries;
        foreach (string day in Directory.EnumerateDirectories(destination))
        {
            if (!DateTime.TryParseExact(Path.GetFileName(day), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) continue;
            foreach (string folder in Directory.EnumerateDirectories(day))
            {
                string marker = Path.Combine(folder, MarkerName);
                if (!File.Exists(marker)) continue;
                DateTime started = StartedAt(marker) ?? Directory.GetCreationTimeUtc(folder);
                entries.Add(new Entry(folder, started, IsOk(folder)));
            }
        }

        return entries.OrderByDescending(e => e.StartedAt).ThenByDescending(e => e.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>Which folders retention removes: all but the newest <paramref name="keep"/>, and never
    /// the newest backup that succeeded, so a run of failures cannot delete the last good one.</summary>
    public static IReadOnlyList<string> Expired(string destination, int keep, string current)
    {
        List<Entry> all = List(destination);
        string? newestOk = all.FirstOrDefault(e => e.Ok).Path;
        return all.Skip(keep)
            .Where(e => !PathEquals(e.Path, current) && !(newestOk is not null && PathEquals(e.Path, newestOk)))
            .Select(e => e.Path)
            .ToList();
    }

    /// <summary>Deletes one marked backup folder, and its day folder once that is empty.</summary>
    public static void Remove(string folder)
    {
        if (!File.Exists(Path.Combine(folder, MarkerName))) return;
        Directory.Delete(folder, recursive: true);
        string? day = Path.GetDirectoryName(folder);
        if (day is not null && !Directory.EnumerateFileSystemEntries(day).Any()) Directory.Delete(day);
    }

    private static DateTime? StartedAt(string marker)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(marker));
            return DateTime.Parse(document.RootElement.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsOk(string folder)
    {
        string path = Path.Combine(folder, BackupManifest.FolderFileName);
        if (!File.Exists(path)) return false;
        try
        {
            return BackupManifest.Read(path).Ok;
        }
        catch (InvalidDataException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool PathEquals(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
