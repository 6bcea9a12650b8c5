using System;
using System.Threading;
using Hero.Logging;

namespace Hero.Resilience;

/// <summary>One call of code to retry: its name in the log, how to retry it, and where events go.</summary>
public sealed class RetryCall
{
    public RetryCall(string name, RetryOptions retries, IRetryObserver observer)
    {
        Name = name;
        Retries = retries;
        Observer = observer;
    }

    public string Name { get; }

    public RetryOptions Retries { get; }

    public IRetryObserver Observer { get; }

    /// <summary>Infinite: attempts run as long as they take.</summary>
    public TimeSpan AttemptTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Checked before and told after every attempt.</summary>
    public CircuitBreaker? Circuit { get; init; }
}
