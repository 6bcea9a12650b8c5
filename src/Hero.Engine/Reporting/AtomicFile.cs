using System;
using System.IO;

namespace Hero.Reporting;

/// <summary>Replaces a file all at once: the new content goes to a file beside it, which is then
/// renamed over the old one. A reader sees the old file or the new one, never half of either, and a
/// failure half-way leaves the old file as it was.</summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, byte[] content)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        string aside = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        try
        {
            using (var file = new FileStream(aside, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(content, 0, content.Length);
                file.Flush(true);
            }

            Replace(aside, full);
        }
        catch
        {
            try { File.Delete(aside); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    private static void Replace(string aside, string target)
    {
#if NET8_0_OR_GREATER
        File.Move(aside, target, overwrite: true);
#else
        if (File.Exists(target))
        {
            File.Replace(aside, target, null);
        }
        else
        {
            File.Move(aside, target);
        }
#endif
    }
}
