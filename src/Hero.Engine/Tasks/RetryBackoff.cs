namespace Hero;

public enum RetryBackoff
{
    Exponential,
    Linear,
    Constant,
}
