using System;
using System.Collections.Generic;
using Hero.PowerShell.Hosting;
using Hero.Reporting;

namespace Hero.PowerShell.Reporting;

/// <summary>Everything a run reports besides its result objects: CI groups, annotations and summary,
/// the -ResultPath JSON lines (written as each task ends) and the -JUnitPath report (at the end).
/// TaskFinished and Finish run on the pipeline thread; WriteResultLine from any thread.</summary>
internal sealed class TaskReporting : IDisposable
{
    private readonly CiReporter? _ci;
    private ResultJsonWriter? _results;
    private readonly string? _junitPath;
    private readonly List<HeroTaskResult> _finished = [];
    private readonly bool _groupsOnly;

    /// <param name="groupsOnly">CI groups only: a caller that judges the results itself
    /// (Invoke-HeroSmokeTest) writes the annotations and the summary.</param>
    public TaskReporting(HeroCmdlet cmdlet, CiPlatform platform, string? resultPath, string? junitPath, bool groupsOnly = false)
    {
        _groupsOnly = groupsOnly;
        _ci = CiReporter.Create(platform, line => cmdlet.WriteHostLine(line, "ci"));
        try
        {
            _results = resultPath is null ? null : new ResultJsonWriter(resultPath);
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            ReportError = $"-ResultPath: could not open '{resultPath}': {e.Message}";
        }

        _junitPath = junitPath;
    }

    public bool UsesCi => _ci is not null;

    public string? GroupStart(string title) => _ci?.GroupStart(title);

    public string? GroupEnd() => _ci?.GroupEnd();

    /// <summary>A -ResultPath (or -JUnitPath) that cannot be written: said once, the tasks go on.</summary>
    public string? ReportError { get; private set; }

    public void WriteResultLine(HeroTaskResult result)
    {
        try
        {
            _results?.Write(result);
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            ReportError ??= $"-ResultPath: could not write '{_results?.Path}': {e.Message} No further result lines are written.";
            _results = null;
        }
    }

    /// <summary>Every result counts for the JUnit report and the summary, also those finished after
    /// the pipeline stopped (then their groups are not shown). Once per result; any thread.</summary>
    public void Record(HeroTaskResult result)
    {
        lock (_finished) _finished.Add(result);
    }

    /// <summary>A task's group (output tails) and annotation. Callers Record first: a batch records
    /// each result on its own thread as it ends, also those a stopped pipeline never gets to.</summary>
    public void TaskFinished(HeroTaskResult result, bool withGroup)
    {
        if (_ci is null) return;
        if (_groupsOnly)
        {
            if (withGroup) _ci.Group(result);
        }
        else if (withGroup)
        {
            _ci.TaskFinished(result);
        }
        else
        {
            _ci.Annotate(result);
        }
    }

    public void Finish(string suiteName)
    {
        List<HeroTaskResult> finished;
        lock (_finished) finished = [.. _finished];
        if (!_groupsOnly) _ci?.BatchFinished(finished);
        if (_junitPath is not null)
        {
            try
            {
                JUnitWriter.Write(_junitPath, suiteName, finished);
            }
            catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
            {
                ReportError ??= $"-JUnitPath: could not write '{_junitPath}': {e.Message}";
            }
        }
    }

    public IReadOnlyList<HeroTaskResult> Finished
    {
        get
        {
            lock (_finished) return [.. _finished];
        }
    }

    public void Dispose() => _results?.Dispose();
}
