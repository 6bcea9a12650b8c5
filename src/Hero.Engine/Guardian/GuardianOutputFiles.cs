using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Hero.Guardian;

/// <summary>The guarded command's output files: output-000001.log, output-000002.log, ... in a
/// guardian's folder, the highest number the one being written. A file is never renamed: a new one is
/// started when the current one is full and the oldest beyond the retained count is deleted, so a reader
/// that follows the output knows exactly where it went on, on every platform.</summary>
internal static class GuardianOutputFiles
{
    private const string Prefix = "output-";
    private const string Extension = ".log";

    /// <summary>The files oldest first, with their sequence numbers.</summary>
    public static IReadOnlyList<(int Sequence, string Path)> List(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var files = new List<(int, string)>();
        foreach (string path in Directory.EnumerateFiles(folder, Prefix + "*" + Extension))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (int.TryParse(name.Substring(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int sequence))
            {
                files.Add((sequence, path));
            }
        }

        return files.OrderBy(f => f.Item1).ToList();
    }

    public static string PathOf(string folder, int sequence) =>
        Path.Combine(folder, Prefix + sequence.ToString("000000", CultureInfo.InvariantCulture) + Extension);

    /// <summary>The file being written now (the first one when there is none yet).</summary>
    public static string Current(string folder)
    {
        IReadOnlyList<(int Sequence, string Path)> files = List(folder);
        return files.Count > 0 ? files[files.Count - 1].Path : PathOf(folder, 1);
    }
}
