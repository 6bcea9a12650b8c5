using System;
using System.Collections.Generic;
using System.Globalization;

namespace Hero.Slo;

/// <summary>A recursive-descent parser for k6's threshold grammar with units and a baseline:
/// <code>
/// threshold   = side operator side        (exactly one side is an aggregation)
/// aggregation = avg | mean | min | max | med | median | rate | count | p ( number ) | pNN
/// operator    = &lt; | &lt;= | &gt; | &gt;= | == | === | != | !==
/// value       = term { (+ | -) term }
/// term        = factor { (* | /) factor }
/// factor      = number [unit | %] | baseline | ( value ) | - factor
/// </code>
/// Errors are <see cref="ThresholdSyntaxException"/>s with the 1-based column of the problem.</summary>
internal sealed class ThresholdParser
{
    private static readonly Dictionary<string, ThresholdAggregation> Aggregations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["avg"] = ThresholdAggregation.Avg,
        ["mean"] = ThresholdAggregation.Avg,
        ["min"] = ThresholdAggregation.Min,
        ["max"] = ThresholdAggregation.Max,
        ["med"] = ThresholdAggregation.Med,
        ["median"] = ThresholdAggregation.Med,
        ["rate"] = ThresholdAggregation.Rate,
        ["count"] = ThresholdAggregation.Count,
    };

    private const string AggregationList = "avg, min, max, med, p(N), rate or count";
    private readonly List<ThresholdToken> _tokens;
    private int _next;

    private ThresholdParser(string text) => _tokens = ThresholdTokenizer.Tokenize(text);

    public static ThresholdExpression Parse(string text, HeroSloMetric metric)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ThresholdSyntaxException("the threshold is empty; write for example 'p(95) < 20s'.", 1);
        return new ThresholdParser(text).ParseThreshold(text, metric);
    }

    private ThresholdToken Peek => _tokens[_next];

    private ThresholdExpression ParseThreshold(string text, HeroSloMetric metric)
    {
        (ThresholdAggregation Aggregation, double Percentile)? aggregation = null;
        ThresholdValue? value = null;
        if (StartsAggregation()) aggregation = ParseAggregation();
        else if (Peek.Kind == ThresholdTokenKind.Operator) throw new ThresholdSyntaxException($"expected an aggregation ({AggregationList}) before {Peek.Shown}.", Peek.Column);
        else value = ParseValue();

        ThresholdToken op = Peek;
        if (op.Kind != ThresholdTokenKind.Operator)
        {
            throw new ThresholdSyntaxException($"expected an operator (< <= > >= == !=), found {op.Shown}.", op.Column);
        }

        _next++;
        if (Peek.Kind == ThresholdTokenKind.End) throw new ThresholdSyntaxException($"expected a value after '{op.Text}'.", Peek.Column);
        ThresholdOperator comparison = Operator(op.Text);
        if (aggregation is null)
        {
            if (!StartsAggregation())
            {
                throw new ThresholdSyntaxException($"one side must be an aggregation ({AggregationList}).", _tokens[0].Column);
            }

            aggregation = ParseAggregation();
            comparison = Flip(comparison);
        }
        else
        {
            if (StartsAggregation()) throw new ThresholdSyntaxException("only one side may be an aggregation.", Peek.Column);
            value = ParseValue();
        }

        if (Peek.Kind != ThresholdTokenKind.End)
        {
            throw new ThresholdSyntaxException($"unexpected {Peek.Shown} after the threshold.", Peek.Column);
        }

        ThresholdDimension dimension = ThresholdBinder.Dimension(metric, aggregation.Value.Aggregation, value!);
        return new ThresholdExpression(text, aggregation.Value.Aggregation, aggregation.Value.Percentile, comparison, value!, dimension);
    }

    private bool StartsAggregation()
    {
        ThresholdToken token = Peek;
        if (token.Kind != ThresholdTokenKind.Word) return false;
        return Aggregations.ContainsKey(token.Text) || IsPercentileWord(token.Text)
            || (token.Text.Equals("p", StringComparison.OrdinalIgnoreCase) && _tokens[_next + 1].Kind == ThresholdTokenKind.LeftParen)
            || (!token.Text.Equals("baseline", StringComparison.OrdinalIgnoreCase) && !SloUnits.TryUnit(token.Text, out _, out _));
    }

    private static bool IsPercentileWord(string word) =>
        word.Length > 1 && word.Length <= 4 && (word[0] is 'p' or 'P') && int.TryParse(word.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n <= 100;

    private (ThresholdAggregation, double) ParseAggregation()
    {
        ThresholdToken word = _tokens[_next++];
        if (Aggregations.TryGetValue(word.Text, out ThresholdAggregation known)) return (known, 0);
        if (IsPercentileWord(word.Text)) return (ThresholdAggregation.Percentile, int.Parse(word.Text.Substring(1), CultureInfo.InvariantCulture));
        if (!word.Text.Equals("p", StringComparison.OrdinalIgnoreCase))
        {
            throw new ThresholdSyntaxException($"unknown aggregation '{word.Text}'; use {AggregationList}.", word.Column);
        }

        Expect(ThresholdTokenKind.LeftParen, "'(' after 'p'");
        ThresholdToken number = Peek;
        if (number.Kind != ThresholdTokenKind.Number) throw new ThresholdSyntaxException($"expected a percentile (0 to 100) in p(...), found {number.Shown}.", number.Column);
        _next++;
        if (number.Number > 100) throw new ThresholdSyntaxException($"a percentile must be between 0 and 100, not {number.Text}.", number.Column);
        Expect(ThresholdTokenKind.RightParen, "')' to close p(");
        return (ThresholdAggregation.Percentile, number.Number);
    }

    private ThresholdValue ParseValue()
    {
        ThresholdValue left = ParseTerm();
        while (Peek.Kind is ThresholdTokenKind.Plus or ThresholdTokenKind.Minus)
        {
            ThresholdToken op = _tokens[_next++];
            ThresholdValue right = ParseTerm();
            left = ThresholdArithmetic.Add(left, op.Kind == ThresholdTokenKind.Minus ? ThresholdArithmetic.Negate(right) : right, op.Column);
        }

        return left;
    }

    private ThresholdValue ParseTerm()
    {
        ThresholdValue left = ParseFactor();
        while (Peek.Kind is ThresholdTokenKind.Star or ThresholdTokenKind.Slash)
        {
            ThresholdToken op = _tokens[_next++];
            ThresholdValue right = ParseFactor();
            left = op.Kind == ThresholdTokenKind.Star ? ThresholdArithmetic.Multiply(left, right, op.Column) : ThresholdArithmetic.Divide(left, right, op.Column);
        }

        return left;
    }

    private ThresholdValue ParseFactor()
    {
        ThresholdToken token = Peek;
        switch (token.Kind)
        {
            case ThresholdTokenKind.Minus:
                _next++;
                return ThresholdArithmetic.Negate(ParseFactor());
            case ThresholdTokenKind.LeftParen:
                _next++;
                ThresholdValue inner = ParseValue();
                Expect(ThresholdTokenKind.RightParen, "')'");
                return inner with { Column = token.Column };
            case ThresholdTokenKind.Number:
                _next++;
                return Quantity(token);
            case ThresholdTokenKind.Word when token.Text.Equals("baseline", StringComparison.OrdinalIgnoreCase):
                _next++;
                return new ThresholdValue(1, 0, null, token.Column);
            case ThresholdTokenKind.Word when Aggregations.ContainsKey(token.Text) || IsPercentileWord(token.Text) || token.Text.Equals("p", StringComparison.OrdinalIgnoreCase):
                throw new ThresholdSyntaxException("only one side may be an aggregation.", token.Column);
            case ThresholdTokenKind.Word:
                throw new ThresholdSyntaxException($"expected a number or 'baseline', found '{token.Text}'.", token.Column);
            case ThresholdTokenKind.End:
                throw new ThresholdSyntaxException("the threshold ends where a value should follow.", token.Column);
            default:
                throw new ThresholdSyntaxException($"expected a value, found {token.Shown}.", token.Column);
        }
    }

    private ThresholdValue Quantity(ThresholdToken number)
    {
        ThresholdToken next = Peek;
        if (next.Kind == ThresholdTokenKind.Percent)
        {
            _next++;
            return new ThresholdValue(0, number.Number / 100, ThresholdDimension.Fraction, number.Column);
        }

        if (next.Kind == ThresholdTokenKind.Word && !next.Text.Equals("baseline", StringComparison.OrdinalIgnoreCase))
        {
            if (!SloUnits.TryUnit(next.Text, out ThresholdDimension dimension, out double factor))
            {
                throw new ThresholdSyntaxException($"unknown unit '{next.Text}'; use ms, s, m, h (times), B, KB, MB, GB (sizes) or %.", next.Column);
            }

            _next++;
            return new ThresholdValue(0, number.Number * factor, dimension, number.Column);
        }

        return new ThresholdValue(0, number.Number, ThresholdDimension.Number, number.Column, number.Column);
    }

    private void Expect(ThresholdTokenKind kind, string what)
    {
        if (Peek.Kind != kind) throw new ThresholdSyntaxException($"expected {what}, found {Peek.Shown}.", Peek.Column);
        _next++;
    }

    private static ThresholdOperator Operator(string text) => text switch
    {
        "<" => ThresholdOperator.Less,
        "<=" => ThresholdOperator.LessOrEqual,
        ">" => ThresholdOperator.Greater,
        ">=" => ThresholdOperator.GreaterOrEqual,
        "==" or "===" => ThresholdOperator.Equal,
        _ => ThresholdOperator.NotEqual,
    };

    /// <summary>'20s &gt; p(95)' is 'p(95) &lt; 20s'.</summary>
    private static ThresholdOperator Flip(ThresholdOperator op) => op switch
    {
        ThresholdOperator.Less => ThresholdOperator.Greater,
        ThresholdOperator.LessOrEqual => ThresholdOperator.GreaterOrEqual,
        ThresholdOperator.Greater => ThresholdOperator.Less,
        ThresholdOperator.GreaterOrEqual => ThresholdOperator.LessOrEqual,
        _ => op,
    };
}
