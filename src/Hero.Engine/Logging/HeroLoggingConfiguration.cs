using System;
using System.Globalization;

namespace Hero.Logging;

/// <summary>The logging configuration of this process, as Get-HeroLogging shows it.</summary>
public sealed class HeroLoggingConfiguration
{
    public const long DefaultMaxFileSize = 10L * 1024 * 1024;
    public const int DefaultRetainedFileCount = 5;

    /// <summary>The log file; null when no file is written.</summary>
    public string? Path { get; set; }

    public HeroLogFormat Format { get; set; } = HeroLogFormat.Clef;

    public HeroLogLevel MinimumLevel { get; set; } = HeroLogLevel.Information;

    public long MaxFileSize { get; set; } = DefaultMaxFileSize;

    public int RetainedFileCount { get; set; } = DefaultRetainedFileCount;

    public HeroLogConsole Console { get; set; } = HeroLogConsole.Auto;

    /// <summary>The session's W3C trace id: every event and every child process carries it.</summary>
    public string TraceId { get; set; } = string.Empty;

    /// <summary>Events not written because the buffer was full (a sink slower than the events).</summary>
    public long DroppedEvents { get; set; }

    /// <summary>Why the file is not being written, when it is not.</summary>
    public string? FileError { get; set; }

    public HeroLoggingConfiguration Clone() => (HeroLoggingConfiguration)MemberwiseClone();

    /// <summary>HERO_LOG_LEVEL and HERO_LOG_PATH give a process its defaults, so a tree of scripts can
    /// share one log without each script configuring it.</summary>
    public static HeroLoggingConfiguration FromEnvironment()
    {
        var settings = new HeroLoggingConfiguration();
        string? level = Environment.GetEnvironmentVariable("HERO_LOG_LEVEL");
        if (!string.IsNullOrWhiteSpace(level) && TryParseLevel(level!, out HeroLogLevel parsed))
        {
            settings.MinimumLevel = parsed;
        }

        string? path = Environment.GetEnvironmentVariable("HERO_LOG_PATH");
        if (!string.IsNullOrWhiteSpace(path))
        {
            settings.Path = System.IO.Path.GetFullPath(path);
        }

        return settings;
    }

    public static bool TryParseLevel(string text, out HeroLogLevel level)
    {
        string t = text.Trim();
        switch (t.ToLowerInvariant())
        {
            case "trace":
            case "vrb":
                level = HeroLogLevel.Verbose;
                return true;
            case "dbg":
                level = HeroLogLevel.Debug;
                return true;
            case "info":
            case "inf":
                level = HeroLogLevel.Information;
                return true;
            case "warn":
            case "wrn":
                level = HeroLogLevel.Warning;
                return true;
            case "err":
            case "eror":
                level = HeroLogLevel.Error;
                return true;
            case "ftl":
            case "critical":
                level = HeroLogLevel.Fatal;
                return true;
        }

        return Enum.TryParse(t, ignoreCase: true, out level) && Enum.IsDefined(typeof(HeroLogLevel), level)
               && !int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
    }
}
