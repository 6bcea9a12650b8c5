using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;

namespace Hero.Tests.Support;

/// <summary>Compares text with a file under tests/Hero.Engine.Tests/Golden. With HERO_UPDATE_GOLDEN=1
/// it writes the file instead (then review the diff before committing it).</summary>
internal static class Golden
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Match(string name, string actual)
    {
        if (Environment.GetEnvironmentVariable("HERO_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(Path.Combine(SourceFolder(), name), Utf8.GetBytes(actual));
            return;
        }

        string path = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        Assert.True(File.Exists(path), $"No golden file {name}; run the tests once with HERO_UPDATE_GOLDEN=1 and review it.");
        // Byte for byte (.gitattributes keeps git from converting line endings on checkout).
        // A lone surrogate in the output is written as U+FFFD, in the file as on a console.
        Assert.Equal(Utf8.GetString(File.ReadAllBytes(path)), Utf8.GetString(Utf8.GetBytes(actual)));
    }

    private static string SourceFolder([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(here)!)!, "Golden");
}
