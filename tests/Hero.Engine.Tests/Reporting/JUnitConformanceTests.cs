using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Hero.Reporting;
using Hero.Tests.Support;

namespace Hero.Tests.Reporting;

/// <summary>The JUnit report against the Jenkins xUnit plugin's JUnit 10 schema (vendored in
/// tests/Schemas) and a golden file, and XML 1.0's character rules in every attribute and text node.</summary>
public class JUnitConformanceTests
{
    private static readonly Lazy<XmlSchemaSet> Schema = new(() =>
    {
        var set = new XmlSchemaSet();
        set.Add(null, Path.Combine(AppContext.BaseDirectory, "Schemas", "junit-10.xsd"));
        set.Compile();
        return set;
    });

    private static string Report(string suite, IReadOnlyCollection<HeroTaskResult> results)
    {
        using var stream = new MemoryStream();
        JUnitWriter.Write(stream, suite, results, "golden-host");
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Parses as XML 1.0 (a checking reader, as every consumer has) and validates; returns
    /// every problem the schema reports.</summary>
    private static List<string> Validate(string xml)
    {
        var problems = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schema.Value, CheckCharacters = true };
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }

        return problems;
    }

    [Fact]
    public void The_report_of_the_fixed_results_matches_its_golden_file()
    {
        Golden.Match("junit.xml", Report("nightly <ci> \u001b[1m", ReportFixtures.Results()));
    }

    [Fact]
    public void The_report_validates_against_the_JUnit_10_schema()
    {
        Assert.Empty(Validate(Report("nightly", ReportFixtures.Results())));
        Assert.Empty(Validate(Report("empty", [])));
    }

    [Fact]
    public void The_schema_check_can_fail()
    {
        // What Hero wrote before: skipped on <testsuites>, which the schema does not allow.
        string old = Report("nightly", ReportFixtures.Results()).Replace("<testsuites name=\"nightly\"", "<testsuites skipped=\"1\" name=\"nightly\"");
        Assert.Contains(Validate(old), p => p.Contains("skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void The_counts_consumers_read_stay_on_testsuite()
    {
        XElement suite = XDocument.Parse(Report("nightly", ReportFixtures.Results())).Root!.Element("testsuite")!;
        Assert.Equal("7", (string?)suite.Attribute("tests"));
        Assert.Equal("1", (string?)suite.Attribute("failures"));
        Assert.Equal("4", (string?)suite.Attribute("errors"));
        Assert.Equal("1", (string?)suite.Attribute("skipped"));
        Assert.Equal("94.376", (string?)suite.Attribute("time"));
    }

    // Each character XML 1.0 forbids below U+0020, the two non-characters, and lone surrogates.
    // The theory gets an index: xunit would mend such strings on their way to the test.
    private static readonly string[] BadCharacters = Enumerable.Range(0, 0x20)
        .Where(c => c is not ('\t' or '\n' or '\r'))
        .Select(c => ((char)c).ToString())
        .Concat(["\uFFFE", "\uFFFF", "\uD800", "\uDFFF", "x\uDC00\uD800y"])
        .ToArray();

    public static IEnumerable<object[]> EveryBadCharacter() => Enumerable.Range(0, BadCharacters.Length).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(EveryBadCharacter))]
    public void A_character_XML_forbids_is_replaced_in_every_attribute_and_text_node(int index)
    {
        string bad = BadCharacters[index];
        var result = new HeroTaskResult
        {
            Name = "task" + bad,
            Status = HeroTaskStatus.Failed,
            ExitCode = 1,
            Attempts = 1,
            Message = "message" + bad,
            StdOut = "out" + bad,
            StdErr = "err" + bad,
            StartTime = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        };
        var skipped = new HeroTaskResult { Name = "skip" + bad, Status = HeroTaskStatus.Skipped, Message = "why" + bad };
        string xml = Report("suite" + bad, [result, skipped]);

        Assert.Empty(Validate(xml));
        XDocument document = XDocument.Parse(xml);
        IEnumerable<string> values = document.Descendants().Attributes().Select(a => a.Value)
            .Concat(document.DescendantNodes().OfType<XText>().Select(t => t.Value));
        Assert.All(values, value => Assert.DoesNotContain(bad, value, StringComparison.Ordinal));
        Assert.Contains($"name=\"{XmlCharacters.Clean("task" + bad)}\"", xml, StringComparison.Ordinal);
        Assert.Contains($"name=\"{XmlCharacters.Clean("suite" + bad)}\"", xml, StringComparison.Ordinal);
        Assert.Contains("\uFFFD", XmlCharacters.Clean(bad), StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_characters_pass_through_unchanged()
    {
        const string text = "tab\tcr\rlf\n rocket \ud83d\ude80 ü \uFFFD \uE000 \uD7FF";
        Assert.Equal(text, XmlCharacters.Clean(text));
        Assert.Same(text, XmlCharacters.Clean(text));
    }
}
