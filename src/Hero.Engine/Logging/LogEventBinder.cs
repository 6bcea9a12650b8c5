using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Hero.Security;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Hero.Logging;

/// <summary>Turns a template and its properties into what Serilog writes and what the host shows:
/// properties bound by name (structures destructured), sensitive names and registered secrets masked,
/// templates parsed once per set of secrets.</summary>
internal sealed class LogEventBinder
{
    private static readonly MessageTemplateParser Parser = new();
    private static readonly Logger Binder = new LoggerConfiguration().CreateLogger();

    private readonly ConcurrentDictionary<string, (int Secrets, MessageTemplate Template)> _templates = new(StringComparer.Ordinal);

    public LogEventBinder(SecretMasker masker) => Masker = masker;

    public SecretMasker Masker { get; }

    /// <summary>Templates are few and repeat (every task logs the same ones): parse and mask each once
    /// per set of registered secrets.</summary>
    public MessageTemplate Parse(string template)
    {
        int secrets = Masker.Count;
        if (_templates.TryGetValue(template, out (int Secrets, MessageTemplate Template) cached) && cached.Secrets == secrets)
        {
            return cached.Template;
        }

        MessageTemplate parsed = Parser.Parse(Masker.MaskAll(template));
        if (_templates.Count < 1024)
        {
            _templates[template] = (secrets, parsed);
        }

        return parsed;
    }

    /// <summary>Binds each property (names made safe, values masked); unbindable ones are dropped.</summary>
    public Dictionary<string, LogEventProperty> Bind(IEnumerable<KeyValuePair<string, object?>>? properties)
    {
        var bound = new Dictionary<string, LogEventProperty>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> pair in properties ?? [])
        {
            if (string.IsNullOrWhiteSpace(pair.Key) || !Binder.BindProperty(Sanitize(pair.Key), pair.Value, destructureObjects: true, out LogEventProperty? property))
            {
                continue;
            }

            bound[property.Name] = new LogEventProperty(property.Name, Mask(property.Name, property.Value));
        }

        return bound;
    }

    /// <summary>Serilog's structured values as plain objects, so the host sees the same rendering
    /// Get-HeroLog gives when it reads the file back.</summary>
    public static object? Plain(LogEventPropertyValue value) => value switch
    {
        ScalarValue scalar => scalar.Value,
        SequenceValue sequence => sequence.Elements.Select(Plain).ToArray(),
        StructureValue structure => structure.Properties.ToDictionary(p => p.Name, p => Plain(p.Value)),
        DictionaryValue dictionary => dictionary.Elements.ToDictionary(e => e.Key.Value?.ToString() ?? string.Empty, e => Plain(e.Value)),
        _ => value.ToString(),
    };

    private static string Sanitize(string name)
    {
        // Property names are almost always clean already (and then also trimmed): no copy for them.
        bool clean = true;
        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_')
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return name;
        }

        var chars = name.Trim().Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        return new string(chars);
    }

    private LogEventPropertyValue Mask(string name, LogEventPropertyValue value)
    {
        if (SecretMasker.IsSensitiveName(name))
        {
            return new ScalarValue(SecretMasker.Mask);
        }

        return value switch
        {
            ScalarValue { Value: string text } => new ScalarValue(Masker.MaskAll(text)),
            SequenceValue sequence => new SequenceValue(sequence.Elements.Select(e => Mask(string.Empty, e))),
            StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Mask(p.Name, p.Value))), structure.TypeTag),
            DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(e =>
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, Mask(e.Key.Value?.ToString() ?? string.Empty, e.Value)))),
            _ => value,
        };
    }
}
