namespace Hero.Resilience;

public enum CircuitStatus
{
    Closed,
    Open,
    HalfOpen,
}
