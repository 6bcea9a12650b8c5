namespace Hero;

/// <summary>The verdict on one objective for one task.</summary>
public enum HeroSloVerdict
{
    /// <summary>The objective holds, also at the far end of the confidence interval.</summary>
    Pass,

    /// <summary>A Warning-level objective is violated.</summary>
    Warn,

    /// <summary>An Error- or Critical-level objective is violated, also at the near end of the interval.</summary>
    Fail,

    /// <summary>Fewer samples than MinSamples, or the threshold lies inside the confidence interval of
    /// the aggregate: these runs cannot tell whether the objective holds.</summary>
    Inconclusive,

    /// <summary>No sample matched the objective (or none had the metric). Never a pass.</summary>
    NoData,
}
