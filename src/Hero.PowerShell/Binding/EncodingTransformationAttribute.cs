using System;
using System.Globalization;
using System.Management.Automation;
using System.Text;

namespace Hero.PowerShell.Binding;

/// <summary>The names PowerShell users know (utf8, utf8NoBOM, ascii, unicode, oem, ansi, ...), a code
/// page number, any name Encoding.GetEncoding takes, or an Encoding object.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class EncodingTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) => Convert(inputData);

    public static Encoding Convert(object? inputData)
    {
        object? value = DictionaryConversion.Unwrap(inputData);
        switch (value)
        {
            case Encoding encoding:
                return encoding;
            case int codePage:
                return FromCodePage(codePage);
            case string name:
                return FromName(name);
            default:
                throw new ArgumentTransformationMetadataException($"'{value}' is not an encoding. Use utf8, utf8BOM, ascii, unicode, bigendianunicode, utf32, latin1, oem, ansi or a code page number.");
        }
    }

    private static Encoding FromName(string name)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "utf8":
            case "utf-8":
            case "utf8nobom":
                return new UTF8Encoding(false);
            case "utf8bom":
                return new UTF8Encoding(true);
            case "ascii":
                return Encoding.ASCII;
            case "unicode":
            case "utf-16":
            case "utf16":
                return Encoding.Unicode;
            case "bigendianunicode":
                return Encoding.BigEndianUnicode;
            case "utf32":
            case "utf-32":
                return Encoding.UTF32;
            case "latin1":
                return Encoding.GetEncoding(28591);
            case "oem":
                return FromCodePage(CultureInfo.CurrentCulture.TextInfo.OEMCodePage);
            case "ansi":
            case "default":
                return FromCodePage(CultureInfo.CurrentCulture.TextInfo.ANSICodePage);
        }

        if (int.TryParse(name, NumberStyles.Integer, CultureInfo.InvariantCulture, out int codePage))
        {
            return FromCodePage(codePage);
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentTransformationMetadataException($"'{name}' is not an encoding this system knows. Use utf8, ascii, unicode, latin1, oem, ansi or a code page number.", e);
        }
    }

    private static Encoding FromCodePage(int codePage)
    {
        try
        {
            return Encoding.GetEncoding(codePage);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ArgumentTransformationMetadataException($"Code page {codePage} is not available on this system.", e);
        }
    }
}
