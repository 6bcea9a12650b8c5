using System;

namespace Hero.Processes;

internal sealed record TreeSample(int ProcessCount, long ResidentBytes, TimeSpan CpuTime);
