using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Hero.Batch;

/// <summary>"i/n": run only the i-th of n slices of a task list, so a CI matrix spreads one batch over
/// machines. Task k (0-based, in input order) belongs to slice (k mod n) + 1: the same list gives the
/// same slices on every run, the slices are disjoint and together complete.</summary>
public sealed record ShardSpec(int Index, int Count)
{
    public static ShardSpec Parse(string text)
    {
        string[] parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int count))
        {
            throw new FormatException($"'{text}' is not a shard; write it as i/n, for example 2/3 (the second of three slices).");
        }

        if (count < 1 || index < 1 || index > count)
        {
            throw new FormatException($"'{text}' is not a shard: i must be between 1 and n, and n at least 1.");
        }

        return new ShardSpec(index, count);
    }

    public IReadOnlyList<T> Select<T>(IReadOnlyList<T> items) =>
        items.Where((_, position) => position % Count == Index - 1).ToList();

    public override string ToString() => $"{Index}/{Count}";
}
