using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Hero.Health;

/// <summary>When a number is bad: '>= 20', '> 5', '< 3', '<= 0'. A plain number takes the kind's
/// usual direction (">=" where more is worse, such as uncommitted files or error events).</summary>
public sealed class NumericThreshold
{
    private static readonly Regex Expression = new(@"^\s*(?<op><=|>=|<|>)?\s*(?<n>-?\d+(?:\.\d+)?)\s*$", RegexOptions.CultureInvariant);

    private NumericThreshold(string op, double number)
    {
        Operator = op;
        Number = number;
    }

    public string Operator { get; }

    public double Number { get; }

    public static NumericThreshold Parse(object value, string defaultOperator)
    {
        if (value is int or long or short or byte or double or float or decimal)
        {
            return new NumericThreshold(defaultOperator, Convert.ToDouble(value, CultureInfo.InvariantCulture));
        }

        string text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        Match match = Expression.Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a threshold; give a number (20) or a comparison ('>= 20', '< 3').");
        }

        return new NumericThreshold(match.Groups["op"].Success ? match.Groups["op"].Value : defaultOperator,
            double.Parse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    public static NumericThreshold Of(string op, double number) => new(op, number);

    public bool IsBreached(double value) => Operator switch
    {
        ">=" => value >= Number,
        ">" => value > Number,
        "<=" => value <= Number,
        _ => value < Number,
    };

    public override string ToString() => Operator + " " + Number.ToString("0.###", CultureInfo.InvariantCulture);
}
