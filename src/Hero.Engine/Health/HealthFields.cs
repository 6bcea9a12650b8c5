using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Hero.Text;

namespace Hero.Health;

/// <summary>The keys of one check definition (a hashtable, a .psd1 entry or a JSON object), read with
/// errors that name where the check came from, the check and the field. Keys are case-insensitive;
/// a key no kind knows is an error, not something silently ignored.</summary>
public sealed class HealthFields
{
    private readonly Dictionary<string, object?> _values;

    /// <param name="source">Where the definition came from: "checks.psd1, check #2" or "-Check #1".</param>
    public HealthFields(IDictionary values, string source)
    {
        _values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in values)
        {
            string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            if (_values.ContainsKey(key)) throw new HealthCheckDefinitionException($"{source}: the key '{key}' is given twice.", key);
            _values[key] = entry.Value;
        }

        Source = source;
    }

    public string Source { get; private set; }

    /// <summary>Once the name is known, errors say "check 'api'" too.</summary>
    public void Named(string name) => Source += $" ('{name}')";

    public bool Has(string key) => _values.TryGetValue(key, out object? value) && value is not null;

    public HealthCheckDefinitionException Problem(string key, string problem) => new($"{Source}: {key}: {problem}", key);

    public string? String(string key, bool required = false)
    {
        object? value = Take(key);
        if (value is null)
        {
            if (required) throw Problem(key, "is required.");
            return null;
        }

        if (value is string text)
        {
            if (required && text.Trim().Length == 0) throw Problem(key, "must not be empty.");
            return text;
        }

        if (value is IDictionary or IList) throw Problem(key, $"must be a single value, not a {Describe(value)}.");
        return Convert.ToString(value, CultureInfo.InvariantCulture);
    }

    public string[]? Strings(string key)
    {
        object? value = Take(key);
        switch (value)
        {
            case null:
                return null;
            case string text:
                return [text];
            case IDictionary:
                throw Problem(key, "must be a list of strings, not a table.");
            case IEnumerable items:
                var list = new List<string>();
                foreach (object? item in items)
                {
                    if (item is null or IDictionary or IList) throw Problem(key, "must be a list of strings.");
                    list.Add(Convert.ToString(item, CultureInfo.InvariantCulture) ?? string.Empty);
                }

                return list.ToArray();
            default:
                return [Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty];
        }
    }

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        object? value = Take(key);
        if (value is null) return fallback;
        double number = Number(key, value);
        if (number != Math.Floor(number) || number < min || number > max)
        {
            throw Problem(key, $"'{Format(value)}' must be a whole number from {min} to {max}.");
        }

        return (int)number;
    }

    public int[]? Ints(string key, int min, int max)
    {
        object? value = Take(key);
        if (value is null) return null;
        IEnumerable items = value is IEnumerable list and not string ? list : new[] { value };
        var result = new List<int>();
        foreach (object? item in items)
        {
            double number = item is null ? double.NaN : Number(key, item);
            if (number != Math.Floor(number) || number < min || number > max)
            {
                throw Problem(key, $"'{Format(item)}' must be a whole number from {min} to {max}.");
            }

            result.Add((int)number);
        }

        return result.ToArray();
    }

    public bool Bool(string key, bool fallback)
    {
        object? value = Take(key);
        return value switch
        {
            null => fallback,
            bool flag => flag,
            string text when bool.TryParse(text, out bool parsed) => parsed,
            _ => throw Problem(key, $"'{Format(value)}' must be true or false."),
        };
    }

    public TimeSpan Duration(string key, TimeSpan fallback, bool allowInfinite = true)
    {
        object? value = Take(key);
        if (value is null) return fallback;
        try
        {
            TimeSpan parsed = DurationParser.Parse(value);
            if (!allowInfinite && DurationParser.IsInfinite(parsed)) throw new FormatException("'Infinite' is not allowed here.");
            return parsed;
        }
        catch (FormatException e)
        {
            throw Problem(key, e.Message);
        }
    }

    public Version? Version(string key)
    {
        string? text = String(key);
        if (text is null) return null;
        return VersionText.TryParse(text, out Version? version) ? version : throw Problem(key, $"'{text}' is not a version such as '7.4' or '18.19.0'.");
    }

    public HealthPattern? Pattern(string key)
    {
        string? text = String(key);
        if (text is null) return null;
        try
        {
            return new HealthPattern(text);
        }
        catch (ArgumentException e)
        {
            throw Problem(key, $"'{text}' is not a valid regular expression: {e.Message}");
        }
    }

    public NumericThreshold? Threshold(string key, string higherIsWorseOperator)
    {
        object? value = Take(key);
        if (value is null) return null;
        try
        {
            return NumericThreshold.Parse(value, higherIsWorseOperator);
        }
        catch (FormatException e)
        {
            throw Problem(key, e.Message);
        }
    }

    public CapacityThreshold Capacity(string key, string fallback)
    {
        object? value = Take(key) ?? fallback;
        try
        {
            return CapacityThreshold.Parse(value);
        }
        catch (FormatException e)
        {
            throw Problem(key, e.Message);
        }
    }

    public IDictionary? Table(string key)
    {
        object? value = Take(key);
        return value switch
        {
            null => null,
            IDictionary table => table,
            _ => throw Problem(key, $"must be a table of names and values, not a {Describe(value)}."),
        };
    }

    public object? Raw(string key) => Take(key);

    /// <summary>A key no kind knows is a typo or a key of another kind: said before anything else,
    /// so "Url" is reported as unknown rather than as a missing "Uri".</summary>
    public void RejectUnknown(IEnumerable<string> known)
    {
        var allowed = new HashSet<string>(known, StringComparer.OrdinalIgnoreCase);
        string? unknown = _values.Keys.Where(k => !allowed.Contains(k)).OrderBy(k => k, StringComparer.OrdinalIgnoreCase).FirstOrDefault();
        if (unknown is not null)
        {
            throw Problem(unknown, $"is not a key of this kind of check. Known keys: {string.Join(", ", allowed.OrderBy(k => k, StringComparer.OrdinalIgnoreCase))}.");
        }
    }

    private object? Take(string key)
    {
        return _values.TryGetValue(key, out object? value) ? value : null;
    }

    private double Number(string key, object value)
    {
        switch (value)
        {
            case int or long or short or byte or double or float or decimal or uint or ulong or ushort or sbyte:
                return Convert.ToDouble(value, CultureInfo.InvariantCulture);
            case string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed):
                return parsed;
            default:
                throw Problem(key, $"'{Format(value)}' is not a number.");
        }
    }

    private static string Format(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Describe(object value) => value is IDictionary ? "table" : value is IList ? "list" : value.GetType().Name;
}
