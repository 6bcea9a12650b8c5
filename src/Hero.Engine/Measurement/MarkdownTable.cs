using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Hero.Measurement;

/// <summary>hyperfine's --export-markdown table: command, mean ± σ, min, max in one unit (ms when the
/// first target's mean is under a second, else s), and the speed relative to the reference.</summary>
public static class MarkdownTable
{
    public static string Render(IReadOnlyList<HeroMeasurement> results, string? referenceName)
    {
        if (results.Count == 0) return string.Empty;
        bool milliseconds = Seconds.Of(results[0].Mean) < 1;
        string unit = milliseconds ? "ms" : "s";
        double scale = milliseconds ? 1000 : 1;
        string format = milliseconds ? "0.0" : "0.000";
        string Cell(TimeSpan value) => (Seconds.Of(value) * scale).ToString(format, CultureInfo.InvariantCulture);

        HeroMeasurement reference = RelativeSpeed.ReferenceOf(results, referenceName);
        List<RelativeSpeed.Comparison> comparisons = RelativeSpeed.Compare(results, reference);
        var text = new StringBuilder();
        text.Append("| Command | Mean [").Append(unit).Append("] | Min [").Append(unit).Append("] | Max [").Append(unit).Append("] | Relative |\n");
        text.Append("|:---|---:|---:|---:|---:|\n");
        foreach (RelativeSpeed.Comparison comparison in comparisons)
        {
            HeroMeasurement result = comparison.Target;
            string mean = Cell(result.Mean) + (result.StdDev is { } sd ? " ± " + Cell(sd) : string.Empty);
            text.Append("| `").Append(Escape(result.Name)).Append("` | ").Append(mean)
                .Append(" | ").Append(Cell(result.Min))
                .Append(" | ").Append(Cell(result.Max))
                .Append(" | ").Append(RelativeSpeed.Cell(comparison)).Append(" |\n");
        }

        return text.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("`", "'").Replace("\n", " ");
}
