using System;
using System.Collections;
using System.Collections.Generic;

namespace Hero.Budgets;

/// <summary>A mapping of a budget file (a JSON object, a YAML mapping, a .psd1 hashtable), in file
/// order, its keys looked up without regard to case as PowerShell does.</summary>
internal sealed class BudgetMap : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _entries = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _entries.Count;

    public IEnumerable<string> Keys
    {
        get
        {
            foreach (KeyValuePair<string, object?> entry in _entries) yield return entry.Key;
        }
    }

    /// <summary>A repeated key replaces the earlier value, as JSON readers do.</summary>
    public void Set(string key, object? value)
    {
        if (_index.TryGetValue(key, out int at))
        {
            _entries[at] = new KeyValuePair<string, object?>(key, value);
            return;
        }

        _index[key] = _entries.Count;
        _entries.Add(new KeyValuePair<string, object?>(key, value));
    }

    public bool Has(string key) => _index.ContainsKey(key);

    public object? this[string key] => _index.TryGetValue(key, out int at) ? _entries[at].Value : null;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
