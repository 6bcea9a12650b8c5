using System;

namespace Hero.Resilience;

/// <summary>The circuit's shared state file cannot be used (corrupt, or its folder is missing).</summary>
public sealed class CircuitStateException(string message, Exception? inner = null) : Exception(message, inner);
