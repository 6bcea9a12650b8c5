using System;
using System.Collections.Generic;
using System.Linq;

namespace Hero.PowerShell.Binding;

/// <summary>A token that went to the program but looks like a misspelt parameter of the cmdlet
/// (-Timout, -Quite, -RetryCont): worth a warning, since no timeout applies while the user thinks one does.</summary>
internal static class NearMiss
{
    /// <summary>The warning for <paramref name="name"/> (the token without its dash), or null.</summary>
    public static string? Describe(string token, string name, string cmdletName, IEnumerable<string> parameterNames)
    {
        if (name.Length < 4) return null;
        int allowed = name.Length <= 6 ? 1 : 2;
        string? best = parameterNames
            .Select(p => (Name: p, Distance: Distance(name, p)))
            .Where(c => c.Distance <= allowed)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => c.Name)
            .FirstOrDefault();
        return best is null
            ? null
            : $"'{token}' was given to the program, not taken as {cmdletName}'s -{best}. If you meant -{best}, put it before the program (and '--' before the program).";
    }

    /// <summary>Edit distance with adjacent transpositions (optimal string alignment), ignoring case.</summary>
    internal static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
