using System;

namespace Hero.Health.Checks;

/// <summary>A minimum version (below it: Critical) and a softer one (below it: Warning).</summary>
public sealed class VersionRange
{
    public VersionRange(Version? minimum, Version? warning)
    {
        Minimum = minimum is null ? null : VersionText.Normalize(minimum);
        Warning = warning is null ? null : VersionText.Normalize(warning);
    }

    public Version? Minimum { get; }

    public Version? Warning { get; }

    public bool IsEmpty => Minimum is null && Warning is null;

    public static VersionRange From(HealthFields fields) => new(fields.Version("Minimum"), fields.Version("Warning"));

    public HealthVerdict Judge(string what, Version found)
    {
        Version value = VersionText.Normalize(found);
        string shown = VersionText.Format(value);
        if (Minimum is not null && value < Minimum)
        {
            return new HealthVerdict(HeroHealthStatus.Critical, found, Describe(), $"{what} {shown} is older than the minimum {VersionText.Format(Minimum)}.");
        }

        if (Warning is not null && value < Warning)
        {
            return new HealthVerdict(HeroHealthStatus.Warning, found, Describe(), $"{what} {shown} is older than {VersionText.Format(Warning)}.");
        }

        return HealthVerdict.Healthy(found, IsEmpty ? null : Describe(), $"{what} {shown}.");
    }

    public string Describe()
    {
        string text = Minimum is null ? string.Empty : ">= " + VersionText.Format(Minimum);
        if (Warning is not null) text += (text.Length > 0 ? ", " : string.Empty) + "warning < " + VersionText.Format(Warning);
        return text;
    }
}
