using System;

namespace Hero;

/// <summary>A file Hero reads (a budget, an objectives or suite file, a result file) that does not
/// say what it must: the file, where in it (line and column when the parser knows them, the path
/// of the field when the shape is wrong) and why. E.g. "'budgets.json', line 4, column 12: ..." or
/// "'slo.json': build.p95: expected a number, found the text 'fast'."</summary>
public sealed class HeroFileFormatException(string path, string reason, int? line = null, int? column = null, string? field = null)
    : FormatException(Compose(path, reason, line, column, field))
{
    public string Path { get; } = path;

    public string Reason { get; } = reason;

    public int? Line { get; } = line;

    public int? Column { get; } = column;

    /// <summary>The field's path inside the document ('objectives[2].threshold'), when known.</summary>
    public string? Field { get; } = field;

    private static string Compose(string path, string reason, int? line, int? column, string? field) =>
        $"'{path}'"
        + (line is { } l ? $", line {l}" : string.Empty)
        + (column is { } c ? $", column {c}" : string.Empty)
        + (field is null ? string.Empty : ": " + field)
        + ": " + reason;
}
