using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Hero.Backup;

/// <summary>What a backup holds, as JSON: meta/last.json in the destination (artifact paths relative
/// to the destination) for the newest run, and backup.json in each backup folder (paths relative to
/// that folder) for Restore-HeroBackup. Times are UTC ISO-8601 with milliseconds, sizes in bytes.
/// Both are written aside and renamed into place.</summary>
public sealed class BackupManifest
{
    public const string FolderFileName = "backup.json";
    public const string MetaFolderName = "meta";

    public bool Ok { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime FinishedAt { get; set; }

    public string Source { get; set; } = string.Empty;

    /// <summary>The backup folder relative to the destination: "2025-01-31/235959".</summary>
    public string Folder { get; set; } = string.Empty;

    public int Files { get; set; }

    public long Bytes { get; set; }

    /// <summary>Paths relative to the backup folder.</summary>
    public List<HeroBackupArtifact> Artifacts { get; set; } = [];

    public List<HeroBackupProblem> Problems { get; set; } = [];

    public string[] ExcludedFolders { get; set; } = [];

    public string[] DefaultPatterns { get; set; } = [];

    public string[] Include { get; set; } = [];

    public string[] Exclude { get; set; } = [];

    public string? ExcludedRoot { get; set; }

    public static string LastPath(string destination) => Path.Combine(destination, MetaFolderName, "last.json");

    public PathFilter Filter() => new(ExcludedFolders, DefaultPatterns, Include, Exclude, ExcludedRoot);

    public void WriteFolderFile(string folder) => AtomicFile.WriteAllText(Path.Combine(folder, FolderFileName), ToJson(string.Empty));

    public void WriteLast(string destination) => AtomicFile.WriteAllText(LastPath(destination), ToJson(Folder + "/"));

    private string ToJson(string artifactPrefix)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", 1);
            json.WriteBoolean("ok", Ok);
            json.WriteString("startedAt", Iso(StartedAt));
            json.WriteString("finishedAt", Iso(FinishedAt));
            json.WriteNumber("durationMs", Math.Round((FinishedAt - StartedAt).TotalMilliseconds));
            json.WriteString("source", Source);
            json.WriteString("folder", Folder);
            json.WriteNumber("files", Files);
            json.WriteNumber("bytes", Bytes);
            json.WriteStartArray("artifacts");
            foreach (HeroBackupArtifact artifact in Artifacts)
            {
                json.WriteStartObject();
                json.WriteString("type", artifact.Type);
                json.WriteBoolean("ok", artifact.Ok);
                json.WriteBoolean("skipped", artifact.Skipped);
                WriteNullable(json, "path", artifact.Path is null ? null : artifactPrefix + artifact.Path);
                WriteNullable(json, "reason", artifact.Reason);
                if (artifact.Bytes is long bytes) json.WriteNumber("bytes", bytes);
                else json.WriteNull("bytes");
                WriteNullable(json, "sha256", artifact.Sha256);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("problems");
            foreach (HeroBackupProblem problem in Problems)
            {
                json.WriteStartObject();
                json.WriteString("path", problem.Path);
                json.WriteString("kind", problem.Kind.ToString());
                json.WriteString("reason", problem.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("filter");
            WriteArray(json, "excludedFolders", ExcludedFolders);
            WriteArray(json, "defaultPatterns", DefaultPatterns);
            WriteArray(json, "include", Include);
            WriteArray(json, "exclude", Exclude);
            WriteNullable(json, "excludedRoot", ExcludedRoot);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads either file. Artifact paths come back as written.</summary>
    /// <exception cref="InvalidDataException">Names the file and what is wrong with it.</exception>
    public static BackupManifest Read(string path)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            JsonElement root = document.RootElement;
            var manifest = new BackupManifest
            {
                Ok = root.GetProperty("ok").GetBoolean(),
                StartedAt = Time(root, "startedAt"),
                FinishedAt = Time(root, "finishedAt"),
                Source = Text(root, "source") ?? string.Empty,
                Folder = Text(root, "folder") ?? string.Empty,
                Files = root.TryGetProperty("files", out JsonElement files) ? files.GetInt32() : 0,
                Bytes = root.TryGetProperty("bytes", out JsonElement bytes) ? bytes.GetInt64() : 0,
            };
            foreach (JsonElement artifact in root.GetProperty("artifacts").EnumerateArray())
            {
                manifest.Artifacts.Add(new HeroBackupArtifact
                {
                    Type = Text(artifact, "type") ?? string.Empty,
                    Ok = artifact.GetProperty("ok").GetBoolean(),
                    Skipped = artifact.TryGetProperty("skipped", out JsonElement skipped) && skipped.ValueKind == JsonValueKind.True,
                    Path = Text(artifact, "path"),
                    Reason = Text(artifact, "reason"),
                    Bytes = artifact.TryGetProperty("bytes", out JsonElement size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : null,
                    Sha256 = Text(artifact, "sha256"),
                });
            }

            if (root.TryGetProperty("problems", out JsonElement problems))
            {
                foreach (JsonElement problem in problems.EnumerateArray())
                {
                    manifest.Problems.Add(new HeroBackupProblem
                    {
                        Path = Text(problem, "path") ?? string.Empty,
                        Kind = Enum.TryParse(Text(problem, "kind"), out BackupProblemKind kind) ? kind : BackupProblemKind.Unreadable,
                        Reason = Text(problem, "reason") ?? string.Empty,
                    });
                }
            }

            if (root.TryGetProperty("filter", out JsonElement filter))
            {
                manifest.ExcludedFolders = Strings(filter, "excludedFolders");
                manifest.DefaultPatterns = Strings(filter, "defaultPatterns");
                manifest.Include = Strings(filter, "include");
                manifest.Exclude = Strings(filter, "exclude");
                manifest.ExcludedRoot = Text(filter, "excludedRoot");
            }

            return manifest;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"'{path}' is not a Hero backup record: {e.Message}", e);
        }
    }

    internal static string Iso(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static DateTime Time(JsonElement element, string name) =>
        DateTime.Parse(element.GetProperty(name).GetString() ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string[] Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToArray()
            : [];

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
