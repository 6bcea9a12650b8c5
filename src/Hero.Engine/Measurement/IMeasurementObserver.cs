namespace Hero.Measurement;

/// <summary>How a measurement reports while it runs. Called from background threads: the PowerShell
/// layer queues what it shows and writes it from the pipeline thread.</summary>
public interface IMeasurementObserver
{
    void OnProgress(MeasurementProgress progress);
}
