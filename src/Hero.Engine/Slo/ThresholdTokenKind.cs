namespace Hero.Slo;

internal enum ThresholdTokenKind
{
    Word,
    Number,
    Percent,
    LeftParen,
    RightParen,
    Operator,
    Plus,
    Minus,
    Star,
    Slash,
    End,
}
