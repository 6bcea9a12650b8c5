using System;
using System.IO;
using System.Text;

namespace Hero.TestKit;

/// <summary>stdout and stderr as UTF-8 without a byte-order mark on every platform (the console's
/// code page would mangle the tests' non-ASCII arguments on Windows), and "\n" line ends, so a test
/// compares the same text everywhere.</summary>
internal static class Output
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static readonly StreamWriter Out = new(Console.OpenStandardOutput(), Utf8, 64 * 1024) { NewLine = "\n" };

    public static readonly StreamWriter Err = new(Console.OpenStandardError(), Utf8, 64 * 1024) { NewLine = "\n" };

    /// <summary>After every step: a test that watches live lines or a stall timer sees each step's output
    /// as soon as the step ends.</summary>
    public static void Flush()
    {
        try
        {
            Out.Flush();
            Err.Flush();
        }
        catch (IOException)
        {
            // The reader went away (the task was stopped): nothing left to tell it.
        }
    }

    public static void Fill(StreamWriter writer, char c, long count)
    {
        var chunk = new string(c, (int)Math.Min(count, 64 * 1024));
        for (long left = count; left > 0; left -= chunk.Length)
        {
            writer.Write(left >= chunk.Length ? chunk : chunk.Substring(0, (int)left));
        }
    }
}
