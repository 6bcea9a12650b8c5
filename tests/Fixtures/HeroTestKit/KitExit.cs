using System;

namespace Hero.TestKit;

/// <summary>The <c>exit</c> step: unwinds to Main, which flushes the output and returns the code.</summary>
internal sealed class KitExit(int code) : Exception("exit " + code)
{
    public int Code { get; } = code;
}
