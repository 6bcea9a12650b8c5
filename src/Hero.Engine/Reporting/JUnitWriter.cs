using System;
using System.Collections.Generic;
using System.Globalization;
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
        int failures = results.Count(r => r.Status == HeroTaskStatus.Failed);
        int errors = results.Count(IsError);
        int skipped = results.Count(r => r.Status == HeroTaskStatus.Skipped);
        double seconds = results.Sum(r => r.Duration.TotalSeconds);
        DateTime started = results.Count > 0 ? results.Min(r => r.StartTime) : DateTime.UtcNow;

        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CheckCharacters = false };
        using var writer = XmlWriter.Create(path, settings);
        writer.WriteStartDocument();
        writer.WriteStartElement("testsuites");
        Counts(writer, suiteName, results.Count, failures, errors, skipped, seconds);
        writer.WriteStartElement("testsuite");
        Counts(writer, suiteName, results.Count, failures, errors, skipped, seconds);
        writer.WriteAttributeString("timestamp", ResultJsonWriter.Iso(started));
        writer.WriteAttributeString("hostname", Environment.MachineName);
        foreach (HeroTaskResult result in results)
        {
            writer.WriteStartElement("testcase");
            writer.WriteAttributeString("name", result.Name);
            writer.WriteAttributeString("classname", suiteName);
            writer.WriteAttributeString("time", result.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
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
                writer.WriteAttributeString("message", Clean(message));
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

    private static void Counts(XmlWriter writer, string name, int tests, int failures, int errors, int skipped, double seconds)
    {
        writer.WriteAttributeString("name", name);
        writer.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("skipped", skipped.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("time", seconds.ToString("0.000", CultureInfo.InvariantCulture));
    }

    private static void Problem(XmlWriter writer, string element, string message, HeroTaskResult result)
    {
        writer.WriteStartElement(element);
        writer.WriteAttributeString("message", Clean(message));
        writer.WriteAttributeString("type", result.Status.ToString());
        string tail = ResultJsonWriter.Tail(
            string.IsNullOrEmpty(result.StdErr) ? result.StdOut : result.StdErr + Environment.NewLine + ResultJsonWriter.Tail(result.StdOut, 4096),
            MaxTailChars);
        writer.WriteString(Clean($"{result.Name}: {message} (exit code {result.ExitCode}, {result.Attempts} attempt(s))" + Environment.NewLine + tail));
        writer.WriteEndElement();
    }

    private static void Text(XmlWriter writer, string element, string text)
    {
        if (string.IsNullOrEmpty(text)) return;
        writer.WriteStartElement(element);
        writer.WriteString(Clean(ResultJsonWriter.Tail(text, MaxTailChars)));
        writer.WriteEndElement();
    }

    /// <summary>XML 1.0 cannot carry most control characters: a child that prints them must not break
    /// the report.</summary>
    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            builder.Append(c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) ? c : '\uFFFD');
        }

        return builder.ToString();
    }
}
