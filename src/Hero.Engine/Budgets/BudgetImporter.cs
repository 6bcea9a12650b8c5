using System;
using System.Collections.Generic;
using System.IO;

namespace Hero.Budgets;

/// <summary>Turns a budget file into objectives, whichever shape it has: Hero's own objectives,
/// OpenSLO v1, or one of the legacy shapes (slo.config.js as JSON, .ci-performance-budgets.json,
/// named {time, memory, cpu} budgets, MAX_*/MIN_* environment names). The shape is recognised from
/// the content; every value is normalised into threshold text with units.</summary>
internal static class BudgetImporter
{
    /// <summary>.json and .yaml/.yml files; a .psd1 is read by the cmdlet layer (PowerShell's own
    /// data-file parser) and handed to <see cref="Import"/>.</summary>
    public static List<object?> ReadDocuments(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        switch (extension)
        {
            case ".json":
                return [BudgetJsonReader.Read(path)];
            case ".yaml" or ".yml":
                return BudgetYamlReader.Read(path);
            case ".js" or ".cjs" or ".mjs" or ".ts":
                throw new HeroFileFormatException(path, "JavaScript is never executed: transcribe the exported object to JSON (the same field names, numbers computed) and import the .json file.");
            default:
                throw new HeroFileFormatException(path, $"unknown kind of file '{extension}'; give a .psd1, .json, .yaml or .yml file.");
        }
    }

    public static BudgetImport Import(string path, IReadOnlyList<object?> documents, string? environment = null)
    {
        if (documents.Count == 0 || (documents.Count == 1 && documents[0] is null))
        {
            throw new HeroFileFormatException(path, "the file is empty: it defines no objectives.");
        }

        object? root = documents[0];
        BudgetImport import;
        BudgetFields fields;
        if (OpenSloShape.Matches(root))
        {
            fields = Start("OpenSLO", path, out import);
            OpenSloShape.Read(documents, fields);
        }
        else
        {
            if (documents.Count > 1) throw new HeroFileFormatException(path, "several YAML documents, but only OpenSLO files (apiVersion: openslo/v1) may have more than one.");
            if (HeroObjectivesShape.Matches(root))
            {
                fields = Start("Hero", path, out import);
                HeroObjectivesShape.Read(root, fields);
            }
            else if (CiBudgetsShape.Matches(root))
            {
                fields = Start("CiPerformanceBudgets", path, out import);
                CiBudgetsShape.Read((BudgetMap)root!, fields);
            }
            else if (SloConfigShape.Matches(root))
            {
                fields = Start("SloConfig", path, out import);
                SloConfigShape.Read((BudgetMap)root!, fields, environment);
            }
            else if (EnvironmentBudgetShape.Matches(root))
            {
                fields = Start("EnvironmentNames", path, out import);
                EnvironmentBudgetShape.Read((BudgetMap)root!, fields);
            }
            else if (SmokeBudgetsShape.Matches(root))
            {
                fields = Start("NamedBudgets", path, out import);
                SmokeBudgetsShape.Read((BudgetMap)root!, fields);
            }
            else
            {
                throw new HeroFileFormatException(path,
                    "not a budget Hero knows: expected Hero's objectives ({ objectives: [...] }), OpenSLO (apiVersion: openslo/v1), "
                    + "slo.config.js as JSON (build, ci, resources, regression ...), .ci-performance-budgets.json (budgets: ...), "
                    + "named { time, memory, cpu } budgets, or MAX_*/MIN_* environment names.");
            }
        }

        if (environment is not null && import.Format != "SloConfig")
        {
            throw new HeroFileFormatException(path, $"-Environment applies to slo.config files (their 'environments' section); this is a {import.Format} file.");
        }

        return import;
    }

    private static BudgetFields Start(string format, string path, out BudgetImport import)
    {
        import = new BudgetImport(format);
        return new BudgetFields(path, import);
    }
}
