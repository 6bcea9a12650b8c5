using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Hero.Processes.Windows;

namespace Hero.Tests.Processes.Windows;

public class WindowsCommandLineTests
{
    /// <summary>The MSVC runtime's argument splitting (the rules CommandLineToArgvW documents, for
    /// arguments after the program name): space and tab separate outside quotes; 2n backslashes
    /// before a quote give n backslashes and the quote toggles quoting; 2n+1 give n backslashes and a
    /// literal quote; other backslashes are literal; "" inside quotes is a literal quote.</summary>
    internal static List<string> ParseLikeMsvc(string line)
    {
        var arguments = new List<string>();
        var current = new StringBuilder();
        bool inQuotes = false;
        bool inArgument = false;
        int i = 0;
        while (i < line.Length)
        {
            char c = line[i];
            if (!inQuotes && (c == ' ' || c == '\t'))
            {
                if (inArgument)
                {
                    arguments.Add(current.ToString());
                    current.Clear();
                    inArgument = false;
                }

                i++;
                continue;
            }

            inArgument = true;
            if (c == '\\')
            {
                int backslashes = 0;
                while (i < line.Length && line[i] == '\\')
                {
                    backslashes++;
                    i++;
                }

                if (i < line.Length && line[i] == '"')
                {
                    current.Append('\\', backslashes / 2);
                    if (backslashes % 2 == 1)
                    {
                        current.Append('"');
                        i++;
                    }
                }
                else
                {
                    current.Append('\\', backslashes);
                }

                continue;
            }

            if (c == '"')
            {
                if (inQuotes && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i += 2;
                    continue;
                }

                inQuotes = !inQuotes;
                i++;
                continue;
            }

            current.Append(c);
            i++;
        }

        if (inArgument)
        {
            arguments.Add(current.ToString());
        }

        return arguments;
    }

    [Fact]
    public void Reference_parser_follows_the_documented_examples()
    {
        // The table in Microsoft's "Parsing C command-line arguments" page.
        Assert.Equal(["a b c", "d", "e"], ParseLikeMsvc("\"a b c\" d e"));
        Assert.Equal(["ab\"c", "\\", "d"], ParseLikeMsvc("\"ab\\\"c\" \"\\\\\" d"));
        Assert.Equal(["a\\\\\\b", "de fg", "h"], ParseLikeMsvc("a\\\\\\b d\"e f\"g h"));
        Assert.Equal(["a\\\"b", "c", "d"], ParseLikeMsvc("a\\\\\\\"b c d"));
        Assert.Equal(["a\\\\b c", "d", "e"], ParseLikeMsvc("a\\\\\\\\\"b c\" d e"));
        Assert.Equal(["ab\" c d"], ParseLikeMsvc("a\"b\"\" c d"));
    }

    private static readonly string[] Tricky =
    [
        "plain",
        "",
        "with space",
        "  leading and trailing  ",
        "tab\there",
        "new\nline",
        "vertical\vtab",
        "\"",
        "\"\"",
        "say \"hi\"",
        "a\"b",
        "trailing\\",
        "trailing space\\",
        "C:\\Program Files\\App\\",
        "\\\\server\\share\\",
        "a\\\\\"b",
        "a\\\"b",
        "\\",
        "\\\\",
        "\\\"",
        "\"\\",
        "a\\b\\c",
        "ends with quote\"",
        "x=\"y z\"",
        "unicode 日本語 🎉 é",
        "-flag",
        "%PATH%",
        "a&b|c<d>e^f",
    ];

    public static TheoryData<string> TrickyArguments => new(Tricky);

    [Theory]
    [MemberData(nameof(TrickyArguments))]
    public void Join_round_trips_one_argument(string argument)
    {
        string line = WindowsCommandLine.Join([argument]);
        Assert.Equal([argument], ParseLikeMsvc(line));
    }

    [Fact]
    public void Join_round_trips_all_tricky_arguments_together()
    {
        Assert.Equal(Tricky, ParseLikeMsvc(WindowsCommandLine.Join(Tricky)));
    }

    [Fact]
    public void Join_round_trips_random_arguments()
    {
        var random = new Random(4242);
        char[] alphabet = ['a', 'b', ' ', '\t', '"', '\\', '\\', 'é', '日', '&', '%'];
        for (int round = 0; round < 2000; round++)
        {
            string[] arguments = Enumerable.Range(0, random.Next(1, 5))
                .Select(_ => new string(Enumerable.Range(0, random.Next(0, 8)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
                .ToArray();
            string line = WindowsCommandLine.Join(arguments);
            Assert.Equal(arguments, ParseLikeMsvc(line));
        }
    }

    [Fact]
    public void Join_leaves_simple_arguments_unquoted_and_quotes_the_rest()
    {
        Assert.Equal("a b\\c", WindowsCommandLine.Join(["a", "b\\c"]));
        Assert.Equal("a \"\" b", WindowsCommandLine.Join(["a", "", "b"]));
        Assert.Equal("\"a b\"", WindowsCommandLine.Join(["a b"]));
        Assert.Equal("dir\\\\", WindowsCommandLine.Join(["dir\\\\"]));
        Assert.Equal("\"a\\\\\\\"b\"", WindowsCommandLine.Join(["a\\\"b"]));
        Assert.Equal("\"C:\\Program Files\\\\\"", WindowsCommandLine.Join(["C:\\Program Files\\"]));
        Assert.Equal(string.Empty, WindowsCommandLine.Join([]));
    }

    [Fact]
    public void ForCmd_quotes_metacharacters_and_neutralises_percent()
    {
        Assert.Equal("/d /s /c \"\"C:\\t\\run.cmd\" \"a&b\"\"", WindowsCommandLine.ForCmd("C:\\t\\run.cmd", ["a&b"]));
        Assert.Equal("/d /s /c \"\"C:\\t\\run.cmd\" \"%%cd:~,%PATH%%cd:~,%\"\"", WindowsCommandLine.ForCmd("C:\\t\\run.cmd", ["%PATH%"]));
        Assert.Equal("/d /s /c \"\"C:\\t\\run.cmd\" \"say \"\"hi\"\"\"\"", WindowsCommandLine.ForCmd("C:\\t\\run.cmd", ["say \"hi\""]));
        Assert.Equal("/d /s /c \"\"C:\\t\\run.cmd\" plain \"\" \"two words\"\"", WindowsCommandLine.ForCmd("C:\\t\\run.cmd", ["plain", "", "two words"]));
    }

    [Fact]
    public void ForCmd_doubles_quotes_in_the_script_path()
    {
        Assert.Equal("/d /s /c \"\"odd\"\"name.bat\"\"", WindowsCommandLine.ForCmd("odd\"name.bat", []));
    }

    [Theory]
    [InlineData("a&b")]
    [InlineData("x | y")]
    [InlineData("<in >out")]
    [InlineData("(sub)")]
    [InlineData("caret^")]
    [InlineData("a\"&calc")]
    [InlineData("\"&calc&\"")]
    [InlineData("say \"hi\" & del *")]
    [InlineData("%PATH%&!x!")]
    public void ForCmd_keeps_every_metacharacter_inside_cmd_quotes(string argument)
    {
        // cmd.exe toggles its quote state on every '"'; an '&' seen outside quotes starts a new command.
        string line = WindowsCommandLine.ForCmd("C:\\t\\run.cmd", [argument]);
        const string prefix = "/d /s /c \"";
        Assert.StartsWith(prefix, line, StringComparison.Ordinal);
        Assert.EndsWith("\"", line, StringComparison.Ordinal);
        string inner = line.Substring(prefix.Length, line.Length - prefix.Length - 1);

        bool quoted = false;
        foreach (char c in inner)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if ("&|<>()^".IndexOf(c) >= 0)
            {
                Assert.True(quoted, $"'{c}' is outside quotes in {inner}");
            }
        }

        Assert.False(quoted, $"unbalanced quotes in {inner}");
    }
}
