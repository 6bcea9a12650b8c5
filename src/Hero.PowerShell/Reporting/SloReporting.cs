using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Hero.PowerShell.Hosting;
using Hero.Reporting;
using Hero.Security;
using Hero.Slo;

namespace Hero.PowerShell.Reporting;

/// <summary>How Test-HeroSlo and Invoke-HeroSmokeTest report an evaluation: first the files and CI
/// output (JUnit, the -ReportPath folder, one ::error per failed objective, a ::warning per warned
/// one, the step summary), so they exist even when a violation turns terminating; then, on the
/// pipeline, each result followed by its warning or HeroSloViolation error.</summary>
internal static class SloReporting
{
    public sealed class Files
    {
        public CiPlatform CI { get; init; } = CiPlatform.Auto;

        public string? JUnitPath { get; init; }

        public string? ReportPath { get; init; }

        public int ReportRetention { get; init; } = 20;

        public string Title { get; init; } = "Hero SLO";
    }

    public static void Publish(HeroCmdlet cmdlet, IReadOnlyList<HeroSloResult> results, bool passed, Files files, bool quiet)
    {
        if (!quiet && CiReporter.Create(files.CI, line => cmdlet.WriteHostLine(line, "ci")) is { } ci)
        {
            foreach (HeroSloResult result in results)
            {
                string title = $"SLO {result.Objective} ({result.Task}): {result.Verdict}";
                string message = SecretMasker.Default.MaskAll(result.Message);
                if (result.Verdict == HeroSloVerdict.Fail) ci.Error(title, message);
                else if (result.Verdict == HeroSloVerdict.Warn) ci.Warning(title, message);
            }

            Try(cmdlet, "the CI summary", () => ci.Publish(SecretMasker.Default.MaskAll(SloMarkdown.Render(files.Title, results, passed))));
        }

        if (files.JUnitPath is { } junit) Try(cmdlet, $"-JUnitPath '{junit}'", () => SloJUnit.Write(junit, files.Title, results));
        if (files.ReportPath is { } folder)
        {
            Try(cmdlet, $"-ReportPath '{folder}'", () => SloReportWriter.Write(folder, results, passed, files.ReportRetention, DateTime.UtcNow));
        }
    }

    /// <summary>Each result, then what it calls for: a warning for Warn, a warning (or with
    /// -RequireData an error) for NoData, a HeroSloViolation error for Fail.</summary>
    public static void Emit(PSCmdlet cmdlet, IReadOnlyList<HeroSloResult> results, bool requireData)
    {
        foreach (HeroSloResult result in results)
        {
            cmdlet.WriteObject(result);
            string where = $"Objective '{result.Objective}' ({result.Task})";
            switch (result.Verdict)
            {
                case HeroSloVerdict.Warn:
                    cmdlet.WriteWarning($"{where}: {result.Message}");
                    break;
                case HeroSloVerdict.Inconclusive:
                    cmdlet.WriteVerbose($"{where} is inconclusive: {result.Message}");
                    break;
                case HeroSloVerdict.NoData when requireData:
                    cmdlet.WriteError(new ErrorRecord(new HeroSloViolationException($"{where} has no data: {result.Message}", result), "HeroSloNoData", ErrorCategory.ObjectNotFound, result));
                    break;
                case HeroSloVerdict.NoData:
                    cmdlet.WriteWarning($"{where} has no data: {result.Message}");
                    break;
                case HeroSloVerdict.Fail:
                    cmdlet.WriteError(Violation(result));
                    break;
            }
        }
    }

    public static ErrorRecord Violation(HeroSloResult result)
    {
        string level = result.Level == HeroSloLevel.Critical ? " (critical)" : string.Empty;
        string message = SecretMasker.Default.MaskAll($"Objective '{result.Objective}' failed{level} for '{result.Task}': {result.Message}");
        return new ErrorRecord(new HeroSloViolationException(message, result), "HeroSloViolation", ErrorCategory.LimitsExceeded, result);
    }

    private static void Try(PSCmdlet cmdlet, string what, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cmdlet.WriteError(new ErrorRecord(new IOException($"{what}: could not write it: {e.Message}", e), "HeroSloReportFailed", ErrorCategory.WriteError, null));
        }
    }
}
