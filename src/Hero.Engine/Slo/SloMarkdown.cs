using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Hero.Slo;

/// <summary>The CI step summary of an evaluation: a headline with the counts and a Markdown table
/// with the verdict, actual, threshold, margin and a ten-cell text bar of the actual against the
/// threshold (a full bar is the threshold; ▲ marks a value beyond it). LF line ends everywhere.</summary>
internal static class SloMarkdown
{
    private const int BarCells = 10;

    public static string Render(string title, IReadOnlyCollection<HeroSloResult> results, bool passed)
    {
        SloTally tally = SloTally.Of(results);
        var builder = new StringBuilder();
        builder.Append($"### {title}: {(passed ? "passed" : "failed")} — {tally.Passed} passed, {tally.Warned} warned, {tally.Failed} failed, {tally.Inconclusive} inconclusive, {tally.NoData} no data").Append('\n');
        builder.Append('\n');
        builder.Append("| Verdict | Objective | Task | Actual | Threshold | Margin | Actual / threshold |").Append('\n');
        builder.Append("|---|---|---|---:|---|---:|---|").Append('\n');
        foreach (HeroSloResult r in results)
        {
            builder.Append($"| {Icon(r.Verdict)} {r.Verdict} | {Cell(r.Objective)} | {Cell(r.Task)} | {Cell(r.FormatValue(r.Actual))} | `{Cell(r.Threshold)}` | {Margin(r.Margin)} | {Bar(r)} |").Append('\n');
        }

        return builder.ToString();
    }

    public static string Bar(HeroSloResult result)
    {
        if (result.Actual is not { } actual || result.Limit is not { } limit || limit <= 0 || actual < 0) return string.Empty;
        double share = actual / limit;
        int filled = (int)Math.Round(Math.Min(share, 1) * BarCells);
        string bar = new string('█', filled) + new string('░', BarCells - filled) + (share > 1 ? "▲" : string.Empty);
        return $"`{bar}` {(share * 100).ToString("0", CultureInfo.InvariantCulture)}%";
    }

    private static string Icon(HeroSloVerdict verdict) => verdict switch
    {
        HeroSloVerdict.Pass => "✅",
        HeroSloVerdict.Warn => "⚠️",
        HeroSloVerdict.Fail => "❌",
        HeroSloVerdict.Inconclusive => "❔",
        _ => "⛔",
    };

    private static string Margin(double? margin) =>
        margin is { } m ? (m >= 0 ? "+" : string.Empty) + (m * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : string.Empty;

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("`", "'").Replace("\r", " ").Replace("\n", " ");
}
