using System;
using System.Collections.Generic;
using System.Globalization;

namespace Hero.Budgets;

/// <summary>Reading fields of a budget file: typed getters that name the file and the field's path
/// when a value has the wrong type, and the bookkeeping of fields no objective used.</summary>
internal sealed class BudgetFields(string? path, BudgetImport import)
{
    /// <summary>The file, or null for objectives given as hashtables (-Objective).</summary>
    public string? Path { get; } = path;

    public BudgetImport Import { get; } = import;

    public Exception Fail(string field, string reason, string? objective = null) =>
        Path is null
            ? new HeroSloObjectiveException(objective ?? field, field, reason)
            : new HeroFileFormatException(Path, reason, field: field);

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public BudgetMap Map(object? value, string field) =>
        value as BudgetMap ?? throw Fail(field, $"expected a mapping of names to values, found {BudgetTree.Describe(value)}.");

    public List<object?> List(object? value, string field) =>
        value as List<object?> ?? throw Fail(field, $"expected a list, found {BudgetTree.Describe(value)}.");

    public double Number(object? value, string field)
    {
        if (value is double number && !double.IsNaN(number)) return number;
        if (value is string text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed)) return parsed;
        throw Fail(field, $"expected a number, found {BudgetTree.Describe(value)}.");
    }

    public string Text(object? value, string field) => value switch
    {
        string text => text,
        double number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => throw Fail(field, $"expected text, found {BudgetTree.Describe(value)}."),
    };

    public bool Flag(object? value, string field) => value switch
    {
        bool flag => flag,
        string text when bool.TryParse(text, out bool parsed) => parsed,
        _ => throw Fail(field, $"expected true or false, found {BudgetTree.Describe(value)}."),
    };

    public T Choice<T>(object? value, string field, string what)
        where T : struct, Enum
    {
        string text = Text(value, field);
        if (Enum.TryParse(text, ignoreCase: true, out T parsed) && Enum.IsDefined(typeof(T), parsed) && !int.TryParse(text, out _)) return parsed;
        throw Fail(field, $"unknown {what} '{text}'; use {string.Join(", ", Enum.GetNames(typeof(T))).ToLowerInvariant()}.");
    }

    public void Keep(string field, object? value) => Import.Unknown.Add(new KeyValuePair<string, object?>(field, value));

    /// <summary>A new objective, named after its path in the file.</summary>
    public HeroSloObjective Add(string name, string task, HeroSloMetric metric, string threshold, HeroSloLevel level, string? description = null, string? category = null)
    {
        var objective = new HeroSloObjective
        {
            Name = name,
            Task = task,
            Metric = metric,
            Threshold = threshold,
            Level = level,
            Description = description,
            Category = category,
            Source = Path is null ? name : Path + ": " + name,
        };
        Import.Objectives.Add(objective);
        return objective;
    }
}
