using System;
using System.Collections.Generic;
using System.Globalization;

namespace Hero.TestKit;

/// <summary>The command line as a stream of steps and their arguments. A group is written
/// <c>[ step ... ]</c> and may nest; it is how <c>spawn</c> and <c>if-file</c> take their steps.</summary>
internal sealed class StepReader(IReadOnlyList<string> tokens)
{
    private int _next;

    public bool AtEnd => _next >= tokens.Count;

    public string Word(string step)
    {
        if (AtEnd) throw new ArgumentException($"'{step}' needs another argument.");
        return tokens[_next++];
    }

    public int Integer(string step) => int.Parse(Word(step), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public double Seconds(string step) => double.Parse(Word(step), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Everything left: for steps that take a list (args, join).</summary>
    public List<string> Rest()
    {
        var rest = new List<string>();
        while (!AtEnd) rest.Add(tokens[_next++]);
        return rest;
    }

    public List<string> Group(string step)
    {
        if (Word(step) != "[") throw new ArgumentException($"'{step}' takes its steps as a group: [ step ... ].");
        var group = new List<string>();
        int depth = 1;
        while (true)
        {
            string token = Word(step);
            if (token == "[") depth++;
            if (token == "]" && --depth == 0) return group;
            group.Add(token);
        }
    }
}
