namespace Hero.Slo;

/// <summary>A token of a threshold and the 1-based column it starts at.</summary>
internal readonly struct ThresholdToken(ThresholdTokenKind kind, string text, int column, double number = 0)
{
    public ThresholdTokenKind Kind { get; } = kind;

    public string Text { get; } = text;

    public int Column { get; } = column;

    public double Number { get; } = number;

    public string Shown => Kind == ThresholdTokenKind.End ? "the end" : "'" + Text + "'";
}
