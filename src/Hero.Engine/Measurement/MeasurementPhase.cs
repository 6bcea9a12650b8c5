namespace Hero.Measurement;

public enum MeasurementPhase
{
    Setup,
    Warmup,
    Measuring,
    Cleanup,
}
