using System.Collections.Generic;
using System.Linq;

namespace Hero.Slo;

/// <summary>How many results got each verdict, and whether the gate passed: it fails on any Fail,
/// and on NoData when data is required.</summary>
internal sealed record SloTally(int Total, int Passed, int Warned, int Failed, int Inconclusive, int NoData)
{
    public static SloTally Of(IReadOnlyCollection<HeroSloResult> results) => new(
        results.Count,
        results.Count(r => r.Verdict == HeroSloVerdict.Pass),
        results.Count(r => r.Verdict == HeroSloVerdict.Warn),
        results.Count(r => r.Verdict == HeroSloVerdict.Fail),
        results.Count(r => r.Verdict == HeroSloVerdict.Inconclusive),
        results.Count(r => r.Verdict == HeroSloVerdict.NoData));

    public bool GatePassed(bool requireData) => Failed == 0 && (!requireData || NoData == 0);

    public override string ToString() =>
        $"{Total} result(s): {Passed} passed, {Warned} warned, {Failed} failed, {Inconclusive} inconclusive, {NoData} without data";
}
