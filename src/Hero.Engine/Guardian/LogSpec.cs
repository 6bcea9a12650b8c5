namespace Hero.Guardian;

/// <summary>The Hero log the worker writes to: the caller's when it had one, else the folder's own.</summary>
internal sealed class LogSpec
{
    public string Path { get; set; } = string.Empty;

    public Hero.Logging.HeroLogLevel MinimumLevel { get; set; } = Hero.Logging.HeroLogLevel.Information;

    public Hero.Logging.HeroLogFormat Format { get; set; } = Hero.Logging.HeroLogFormat.Clef;

    public long MaxFileSize { get; set; } = Hero.Logging.HeroLoggingConfiguration.DefaultMaxFileSize;

    public int RetainedFileCount { get; set; } = Hero.Logging.HeroLoggingConfiguration.DefaultRetainedFileCount;
}
