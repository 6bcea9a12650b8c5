using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace Hero.Budgets;

/// <summary>The neutral form every budget file is read into: <see cref="BudgetMap"/>s, lists
/// (List&lt;object?&gt;), strings, doubles, booleans and nulls. A .psd1 hashtable, a JSON document
/// and a YAML document all end up here, so one importer reads them all.</summary>
internal static class BudgetTree
{
    /// <summary>From .NET values: dictionaries (a .psd1's hashtables), sequences, numbers, text.</summary>
    public static object? From(object? value) => value switch
    {
        null => null,
        BudgetMap map => map,
        string text => text,
        bool flag => flag,
        char c => c.ToString(),
        byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        IDictionary dictionary => FromDictionary(dictionary),
        IEnumerable items => FromSequence(items),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static BudgetMap FromDictionary(IDictionary dictionary)
    {
        var map = new BudgetMap();
        foreach (DictionaryEntry entry in dictionary)
        {
            map.Set(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, From(entry.Value));
        }

        return map;
    }

    private static List<object?> FromSequence(IEnumerable items)
    {
        var list = new List<object?>();
        foreach (object? item in items) list.Add(From(item));
        return list;
    }

    /// <summary>How a value is named in an error: "the text 'fast'", "a list", "a mapping".</summary>
    public static string Describe(object? value) => value switch
    {
        null => "nothing (null)",
        string text => $"the text '{text}'",
        double number => $"the number {number.ToString(CultureInfo.InvariantCulture)}",
        bool flag => flag ? "true" : "false",
        BudgetMap => "a mapping",
        List<object?> => "a list",
        _ => value.GetType().Name,
    };
}
