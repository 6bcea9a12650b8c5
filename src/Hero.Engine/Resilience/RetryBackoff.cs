namespace Hero.Resilience;

public enum RetryBackoff
{
    Exponential,
    Linear,
    Constant,
}
