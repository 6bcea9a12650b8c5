using System;

namespace Hero;

/// <summary>An objective that cannot be evaluated as written: which objective, which field, why,
/// and for a threshold the 1-based column of the problem. The message is composed from those, e.g.
/// "Objective 'build-p95': Threshold 'p(95) 20s', column 7: expected an operator (&lt; &lt;= &gt; &gt;= == !=), found '20'."</summary>
public sealed class HeroSloObjectiveException(string objective, string field, string reason, string? threshold = null, int? column = null)
    : FormatException(Compose(objective, field, reason, threshold, column))
{
    public string Objective { get; } = objective;

    public string Field { get; } = field;

    public string Reason { get; } = reason;

    public string? Threshold { get; } = threshold;

    public int? Column { get; } = column;

    private static string Compose(string objective, string field, string reason, string? threshold, int? column)
    {
        string where = threshold is null ? field : $"{field} '{threshold}'" + (column is { } c ? $", column {c}" : string.Empty);
        return $"Objective '{objective}': {where}: {reason}";
    }
}
