using System.Collections.Generic;
using Serilog.Events;

namespace Hero.Logging;

/// <summary>A sink that writes many events at once more cheaply than one by one (one lock, one write).</summary>
internal interface ILogBatchSink
{
    void Write(IReadOnlyCollection<LogEvent> events);
}
