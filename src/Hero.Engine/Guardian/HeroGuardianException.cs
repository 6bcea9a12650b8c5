using System;

namespace Hero.Guardian;

/// <summary>A guardian could not be found, started, stopped or removed. The message names the guardian
/// and, where one is involved, the worker process.</summary>
public sealed class HeroGuardianException : Exception
{
    public HeroGuardianException(HeroGuardianProblem problem, string name, string message, Exception? inner = null)
        : base(message, inner)
    {
        Problem = problem;
        GuardianName = name;
    }

    public HeroGuardianProblem Problem { get; }

    public string GuardianName { get; }
}
