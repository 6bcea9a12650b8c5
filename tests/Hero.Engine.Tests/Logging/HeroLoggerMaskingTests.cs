using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hero.Logging;
using Hero.Security;

namespace Hero.Tests.Logging;

/// <summary>Secrets never reach the log: sensitive names, registered values, key=value text.</summary>
public sealed class HeroLoggerMaskingTests : HeroLoggerTestBase
{
    [Fact]
    public void Sensitive_property_names_are_masked()
    {
        Configure();
        HeroLogRecord record = Log.Write(HeroLogLevel.Information, "Login {User} with {password} and {apiToken}",
            Props(("User", "bob"), ("password", "hunter2-plain"), ("apiToken", "tok-123456")), Trace, Span);

        string line = Assert.Single(Lines());
        Assert.DoesNotContain("hunter2-plain", line, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-123456", line, StringComparison.Ordinal);
        JsonElement written = Assert.Single(Events());
        Assert.Equal("***", Str(written, "password"));
        Assert.Equal("***", Str(written, "apiToken"));
        Assert.Equal("bob", Str(written, "User"));

        Assert.Equal("Login bob with *** and ***", record.Message);
        Assert.Equal("***", record.Properties["password"]);
    }

    [Fact]
    public void Sensitive_keys_inside_structured_properties_are_masked()
    {
        Configure();
        var settings = new Dictionary<string, object?> { ["Host"] = "db1", ["Password"] = "in-a-dictionary" };
        Log.Write(HeroLogLevel.Information, "Connecting with {@Settings} as {@Who}",
            Props(("Settings", settings), ("Who", new { Name = "bob", ClientSecret = "in-an-object" })), Trace, Span);

        string line = Assert.Single(Lines());
        Assert.DoesNotContain("in-a-dictionary", line, StringComparison.Ordinal);
        Assert.DoesNotContain("in-an-object", line, StringComparison.Ordinal);
        Assert.Contains("db1", line, StringComparison.Ordinal);
        Assert.Contains("bob", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Registered_secret_values_are_masked_in_properties_template_and_exception()
    {
        Masker.Register("Zq9-registered-secret");
        Configure();
        var failure = new InvalidOperationException("could not log in with Zq9-registered-secret (password=letmein)");
        HeroLogRecord record = Log.Write(HeroLogLevel.Error,
            "Calling api with Zq9-registered-secret failed for {User}: {Detail} {List}",
            Props(("User", "bob"), ("Detail", "key was Zq9-registered-secret"), ("List", new[] { "a", "Zq9-registered-secret" })),
            Trace, Span, failure);

        string line = Assert.Single(Lines());
        Assert.DoesNotContain("Zq9-registered-secret", line, StringComparison.Ordinal);
        Assert.DoesNotContain("letmein", line, StringComparison.Ordinal);

        JsonElement written = Assert.Single(Events());
        Assert.Equal("Calling api with *** failed for {User}: {Detail} {List}", Str(written, "@mt"));
        Assert.Equal("key was ***", Str(written, "Detail"));
        Assert.Equal("***", written.GetProperty("List")[1].GetString());
        string exception = Str(written, "@x")!;
        Assert.Contains("InvalidOperationException", exception, StringComparison.Ordinal);
        Assert.Contains("could not log in with ***", exception, StringComparison.Ordinal);

        Assert.DoesNotContain("Zq9-registered-secret", record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zq9-registered-secret", record.MessageTemplate, StringComparison.Ordinal);
        Assert.Equal("Calling api with *** failed for bob: key was *** [\"a\", \"***\"]", record.Message);
    }

    [Fact]
    public void A_sensitive_assignment_in_the_template_text_is_masked()
    {
        Configure();
        HeroLogRecord record = Log.Write(HeroLogLevel.Information, "Using token=abc123def for {User}", Props(("User", "bob")));

        Assert.Equal("Using token=*** for bob", record.Message);
        JsonElement written = Assert.Single(Events());
        Assert.Equal("Using token=*** for {User}", Str(written, "@mt"));
    }
}
