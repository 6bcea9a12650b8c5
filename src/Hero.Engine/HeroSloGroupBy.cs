namespace Hero;

/// <summary>How an objective whose Task pattern matches several tasks is evaluated.</summary>
public enum HeroSloGroupBy
{
    /// <summary>One result per matching task, from that task's samples.</summary>
    Task,

    /// <summary>One result over the samples of every matching task together (a success rate over a
    /// whole batch, for instance).</summary>
    None,
}
