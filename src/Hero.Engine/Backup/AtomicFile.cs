using System;
using System.IO;
using System.Text;

namespace Hero.Backup;

/// <summary>Writes a file aside and renames it over the old one, so a reader (or a crash) never sees
/// half a file and the previous version survives a failed write.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        string temporary = path + ".tmp-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                byte[] bytes = new UTF8Encoding(false).GetBytes(text);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }

            Replace(temporary, path);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static void Replace(string source, string destination)
    {
#if NET
        File.Move(source, destination, overwrite: true);
#else
        if (File.Exists(destination)) File.Replace(source, destination, null);
        else File.Move(source, destination);
#endif
    }
}
