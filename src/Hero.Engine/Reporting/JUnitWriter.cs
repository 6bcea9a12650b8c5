using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace Hero.Reporting;

/// <summary>A JUnit XML report, one test case per task: a failed task is a &lt;failure&gt;, a task that
/// timed out, stalled, could not start or was cancelled is an &lt;error&gt;, a skipped one &lt;skipped/&gt;.
/// The output tails ride along in system-out/system-err.</summary>
public static class JUnitWriter
{
    private const int MaxTailChars = 64 * 1024;

    public static void Write(string path, string suiteName, IReadOnlyCollection<HeroTaskResult> results)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        Write(stream, suiteName, results, Environment.MachineName);
    }

    /// <summary>The report as the Jenkins xUnit plugin's JUnit 10 schema (the one pytest's writer
    /// follows) accepts it: the counts, skipped among them, on &lt;testsuite&gt;, where consumers read
    /// them; &lt;testsuites&gt; takes no skipped attribute. Lines end in LF on every platform.</summary>
    internal static void Write(Stream stream, string suiteName, IReadOnlyCollection<HeroTaskResult> results, string hostname)
    {
        int failures = results.Count(r => r.Status == HeroTaskStatus.Failed);
        int errors = results.Count(IsError);
        int skipped = results.Count(r => r.Status == HeroTaskStatus.Skipped);
        double seconds = results.Sum(r => r.Duration.TotalSeconds);
        DateTime started = results.Count > 0 ? results.Min(r => r.StartTime) : DateTime.UtcNow;

        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n", CheckCharacters = false };
        using var writer = XmlWriter.Create(stream, settings);
        writer.WriteStartDocument();
        writer.WriteStartElement("testsuites");
        Counts(writer, suiteName, results.Count, failures, errors, seconds);
        writer.WriteStartElement("testsuite");
        Counts(writer, suiteName, results.Count, failures, errors, seconds);
        Attribute(writer, "skipped", skipped.ToString(CultureInfo.InvariantCulture));
        Attribute(writer, "timestamp", ResultJsonWriter.Iso(started));
        Attribute(writer, "hostname", hostname);
        foreach (HeroTaskResult result in results)
        {
            writer.WriteStartElement("testcase");
            Attribute(writer, "name", result.Name);
            Attribute(writer, "classname", suiteName);
            Attribute(writer, "time", result.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
            string message = result.Message ?? result.Status.ToString();
            if (result.Status == HeroTaskStatus.Failed)
            {
                Problem(writer, "failure", message, result);
            }
            else if (IsError(result))
            {
                Problem(writer, "error", message, result);
            }
            else if (result.Status == HeroTaskStatus.Skipped)
            {
                writer.WriteStartElement("skipped");
                Attribute(writer, "message", message);
                writer.WriteEndElement();
            }

            Text(writer, "system-out", result.StdOut);
            Text(writer, "system-err", result.StdErr);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    private static bool IsError(HeroTaskResult result) =>
        result.Status is HeroTaskStatus.TimedOut or HeroTaskStatus.Stalled or HeroTaskStatus.StartFailed or HeroTaskStatus.Cancelled;

    private static void Counts(XmlWriter writer, string name, int tests, int failures, int errors, double seconds)
    {
        Attribute(writer, "name", name);
        Attribute(writer, "tests", tests.ToString(CultureInfo.InvariantCulture));
        Attribute(writer, "failures", failures.ToString(CultureInfo.InvariantCulture));
        Attribute(writer, "errors", errors.ToString(CultureInfo.InvariantCulture));
        Attribute(writer, "time", seconds.ToString("0.000", CultureInfo.InvariantCulture));
    }

    private static void Problem(XmlWriter writer, string element, string message, HeroTaskResult result)
    {
        writer.WriteStartElement(element);
        Attribute(writer, "message", message);
        Attribute(writer, "type", result.Status.ToString());
        string tail = ResultJsonWriter.Tail(
            string.IsNullOrEmpty(result.StdErr) ? result.StdOut : result.StdErr + "\n" + ResultJsonWriter.Tail(result.StdOut, 4096),
            MaxTailChars);
        writer.WriteString(XmlCharacters.Clean($"{result.Name}: {message} (exit code {result.ExitCode}, {result.Attempts} attempt(s))" + "\n" + tail));
        writer.WriteEndElement();
    }

    private static void Text(XmlWriter writer, string element, string text)
    {
        if (string.IsNullOrEmpty(text)) return;
        writer.WriteStartElement(element);
        writer.WriteString(XmlCharacters.Clean(ResultJsonWriter.Tail(text, MaxTailChars)));
        writer.WriteEndElement();
    }

    /// <summary>Every attribute goes through here: a task name is as likely to hold a colour escape
    /// as its output is.</summary>
    private static void Attribute(XmlWriter writer, string name, string? value) => writer.WriteAttributeString(name, XmlCharacters.Clean(value));
}
