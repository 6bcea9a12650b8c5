using System.Collections.Generic;
using System.Globalization;

namespace Hero.Slo;

/// <summary>Splits a threshold into tokens: words (aggregations, units, 'baseline'), numbers
/// (1, 0.5, .5, 2e3), '%', parentheses, the comparison operators (k6's, === and !== included) and
/// + - * /.</summary>
internal static class ThresholdTokenizer
{
    public static List<ThresholdToken> Tokenize(string text)
    {
        var tokens = new List<ThresholdToken>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            int column = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (char.IsLetter(c) || c == 'µ' || c == '_')
            {
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is 'µ' or '_')) i++;
                tokens.Add(new ThresholdToken(ThresholdTokenKind.Word, text.Substring(start, i - start), column));
            }
            else if (c is '<' or '>' or '=' or '!')
            {
                int start = i;
                i++;
                while (i < text.Length && text[i] == '=' && i - start < 3) i++;
                string op = text.Substring(start, i - start);
                if (op is not ("<" or "<=" or ">" or ">=" or "==" or "===" or "!=" or "!=="))
                {
                    throw new ThresholdSyntaxException($"'{op}' is not an operator; use < <= > >= == or !=.", column);
                }

                tokens.Add(new ThresholdToken(ThresholdTokenKind.Operator, op, column));
            }
            else
            {
                ThresholdTokenKind? kind = c switch
                {
                    '%' => ThresholdTokenKind.Percent,
                    '(' => ThresholdTokenKind.LeftParen,
                    ')' => ThresholdTokenKind.RightParen,
                    '+' => ThresholdTokenKind.Plus,
                    '-' => ThresholdTokenKind.Minus,
                    '*' => ThresholdTokenKind.Star,
                    '/' => ThresholdTokenKind.Slash,
                    _ => null,
                };
                if (kind is null) throw new ThresholdSyntaxException($"unexpected character '{c}'.", column);
                tokens.Add(new ThresholdToken(kind.Value, c.ToString(), column));
                i++;
            }
        }

        tokens.Add(new ThresholdToken(ThresholdTokenKind.End, string.Empty, text.Length + 1));
        return tokens;
    }

    private static ThresholdToken ReadNumber(string text, ref int i)
    {
        int start = i;
        while (i < text.Length && char.IsDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsDigit(text[i])) i++;
        }

        // An exponent only when digits follow: '2e3' is 2000, but '2eb' is not a number and a unit.
        if (i + 1 < text.Length && text[i] is 'e' or 'E')
        {
            int mark = i + 1;
            if (mark < text.Length && text[mark] is '+' or '-') mark++;
            if (mark < text.Length && char.IsDigit(text[mark]))
            {
                i = mark;
                while (i < text.Length && char.IsDigit(text[i])) i++;
            }
        }

        string digits = text.Substring(start, i - start);
        double value = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new ThresholdToken(ThresholdTokenKind.Number, digits, start + 1, value);
    }
}
