namespace Hero.Logging;

public enum HeroLogFormat
{
    /// <summary>Compact log event format: one JSON object per line (@t, @mt, @l, @tr, @sp, ...).</summary>
    Clef,

    /// <summary>Plain text lines for people.</summary>
    Text,
}
