using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Hero.Budgets;

namespace Hero.PowerShell.Binding;

/// <summary>A budget or objectives file by its extension: a .psd1 through PowerShell's data-file
/// parser, .json and .yaml through the engine; then the engine's importer, whatever the shape.</summary>
internal static class BudgetFiles
{
    public static BudgetImport Import(PSCmdlet cmdlet, string path, string? environment)
    {
        string full = PathResolver.FileSystemPath(cmdlet, path)!;
        return BudgetImporter.Import(full, Documents(full), environment);
    }

    /// <summary>The documents of a file (YAML may have several); a missing file is a
    /// FileNotFoundException, for an ObjectNotFound error.</summary>
    public static List<object?> Documents(string full)
    {
        if (!File.Exists(full)) throw new FileNotFoundException($"The file '{full}' does not exist.", full);
        return Path.GetExtension(full).Equals(".psd1", System.StringComparison.OrdinalIgnoreCase)
            ? [PowerShellDataFile.Read(full)]
            : BudgetImporter.ReadDocuments(full);
    }
}
