using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using Hero.Measurement;
using Hero.PowerShell.Binding;
using Hero.Reporting;

namespace Hero.PowerShell.Reporting;

/// <summary>Measure-HeroTask's files and errors: the exports (each replaced all at once, so an
/// existing file is never left half-written) and the error records of failed measurements.</summary>
internal static class MeasurementReporting
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The full path of an export file, checked before anything runs: its folder must exist.</summary>
    public static string? CheckPath(PSCmdlet cmdlet, string? path, string parameter)
    {
        string? full = PathResolver.FileSystemPath(cmdlet, path);
        if (full is null) return null;
        if (Directory.Exists(full))
        {
            throw new HeroTaskDefinitionException($"'{full}' is a folder; give a file name.", parameter);
        }

        if (Path.GetDirectoryName(full) is { } folder && !Directory.Exists(folder))
        {
            throw new HeroTaskDefinitionException($"the folder of '{full}' does not exist.", parameter);
        }

        return full;
    }

    public static void Export(PSCmdlet cmdlet, IReadOnlyList<HeroMeasurement> results, string? reference, string? json, string? markdown, string? csv)
    {
        if (results.Count == 0) return;
        string? known = reference is not null && results is List<HeroMeasurement> list && list.Exists(r => string.Equals(r.Name, reference, StringComparison.OrdinalIgnoreCase))
            ? reference
            : null;
        Write(cmdlet, json, "ExportJson", () => HyperfineJson.Serialize(results));
        Write(cmdlet, markdown, "ExportMarkdown", () => Utf8.GetBytes(MarkdownTable.Render(results, known)));
        Write(cmdlet, csv, "ExportCsv", () => Utf8.GetBytes(CsvTable.Render(results)));
    }

    private static void Write(PSCmdlet cmdlet, string? path, string parameter, Func<byte[]> content)
    {
        if (path is null) return;
        try
        {
            AtomicFile.WriteAllBytes(path, content());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var problem = new IOException($"-{parameter}: could not write '{path}': {e.Message} The previous file, if any, is unchanged.", e);
            cmdlet.WriteError(new ErrorRecord(problem, "HeroMeasurementExportFailed", ErrorCategory.WriteError, path));
        }
    }

    public static ErrorRecord Error(MeasurementFailedException e) =>
        new(e, e.StartFailed ? "HeroMeasurementStartFailed" : "HeroMeasurementFailed",
            e.StartFailed ? (e.ExitCode == Tasks.ExitCodes.NotExecutable ? ErrorCategory.PermissionDenied : ErrorCategory.ObjectNotFound) : ErrorCategory.InvalidResult,
            (object?)e.Partial ?? e.Target);
}
