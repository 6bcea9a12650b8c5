namespace Hero.Output;

/// <summary>Where a child's pipe readers deliver raw bytes. Readers call it from their own thread(s);
/// implementations must not block for long except to apply backpressure.</summary>
internal interface IOutputSink
{
    void OnData(OutputStreamKind stream, byte[] buffer, int count);
}
