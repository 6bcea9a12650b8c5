using System.Collections.Generic;
using System.Text;

namespace Hero.Processes.Windows;

/// <summary>Builds Windows command lines that the MSVC runtime (CommandLineToArgvW rules) splits back
/// into exactly the arguments given, and the cmd.exe form for .cmd/.bat files.</summary>
internal static class WindowsCommandLine
{
    public static string Join(IEnumerable<string> arguments)
    {
        var builder = new StringBuilder();
        foreach (string argument in arguments)
        {
            if (builder.Length > 0) builder.Append(' ');
            AppendQuoted(builder, argument);
        }

        return builder.ToString();
    }

    public static void AppendQuoted(StringBuilder builder, string argument)
    {
        if (argument.Length > 0 && argument.IndexOfAny([' ', '\t', '\n', '\v', '"']) < 0)
        {
            builder.Append(argument);
            return;
        }

        builder.Append('"');
        int backslashes = 0;
        foreach (char c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            if (c == '"')
            {
                // Backslashes before a quote are doubled, and the quote itself is escaped.
                builder.Append('\\', backslashes * 2 + 1);
            }
            else
            {
                builder.Append('\\', backslashes);
            }

            backslashes = 0;
            builder.Append(c);
        }

        // Backslashes before the closing quote are doubled so they do not escape it.
        builder.Append('\\', backslashes * 2);
        builder.Append('"');
    }

    /// <summary>cmd.exe /d /s /c "&lt;line&gt;" for .cmd/.bat files: with /s cmd strips exactly the outer
    /// quotes. Each argument is quoted so cmd's metacharacters stay literal, an embedded quote is
    /// doubled and % is neutralised, so 'a&amp;b' or '%PATH%' arrive as typed and never run a second
    /// command (the BatBadBut class of bugs).</summary>
    public static string ForCmd(string script, IEnumerable<string> arguments)
    {
        var inner = new StringBuilder();
        inner.Append('"').Append(script.Replace("\"", "\"\"")).Append('"');
        foreach (string argument in arguments)
        {
            inner.Append(' ');
            if (argument.Length > 0 && argument.IndexOfAny([' ', '\t', '&', '|', '<', '>', '(', ')', '^', '!', '%', '"', '\'', '=', ',', ';']) < 0)
            {
                inner.Append(argument);
                continue;
            }

            inner.Append('"');
            foreach (char c in argument)
            {
                if (c == '"') inner.Append("\"\"");
                else if (c == '%') inner.Append("%%cd:~,%");
                else inner.Append(c);
            }

            inner.Append('"');
        }

        return "/d /s /c \"" + inner + "\"";
    }
}
