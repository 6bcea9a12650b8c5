using System;
using System.Linq;
using Hero.Security;

namespace Hero.Tests.Security;

/// <summary>Each test masks with its own registered values; the rules are the same for every masker.</summary>
public sealed class SecretMaskerTests
{
    private readonly SecretMasker _masker = new();

    [Fact]
    public void MaskValues_replaces_every_registered_value()
    {
        _masker.Register("hunter2");
        _masker.Register("s3cr3t-token-value");

        Assert.Equal("login *** then *** and *** again",
            _masker.MaskValues("login hunter2 then s3cr3t-token-value and hunter2 again"));
    }

    [Fact]
    public void MaskValues_without_registrations_returns_the_text_unchanged()
    {
        Assert.Equal(0, _masker.Count);
        Assert.Equal("password=hunter2", _masker.MaskValues("password=hunter2"));
    }

    [Fact]
    public void MaskValues_masks_the_longest_value_first()
    {
        // 'abcdef' registered after its prefix must still disappear whole, not leave '***def'.
        _masker.Register("abc");
        _masker.Register("abcdef");
        Assert.Equal("x *** y ***", _masker.MaskValues("x abcdef y abc"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("on")]
    public void Register_ignores_values_too_short_to_mask_safely(string? value)
    {
        _masker.Register(value);
        Assert.Equal(0, _masker.Count);
        Assert.Equal("a turned on", _masker.MaskValues("a turned on"));
    }

    [Fact]
    public void Register_counts_a_value_once()
    {
        _masker.Register("hunter2");
        _masker.Register("hunter2");
        Assert.Equal(1, _masker.Count);
    }

    [Theory]
    [InlineData("password=hunter2", "password=***")]
    [InlineData("DB_PASSWORD=hunter2 next", "DB_PASSWORD=*** next")]
    [InlineData("apiToken: abc123", "apiToken: ***")]
    [InlineData("\"secret\": \"x\"", "\"secret\": ***")]
    [InlineData("{\"user\": \"bob\", \"password\": \"two words\"}", "{\"user\": \"bob\", \"password\": ***}")]
    [InlineData("Authorization: Bearer abc.def", "Authorization: ***")]
    [InlineData("Authorization: Basic dXNlcjpwYXNz", "Authorization: ***")]
    [InlineData("url?api_key=zzz&user=bob", "url?api_key=***&user=bob")]
    [InlineData("client_secret='q w e'", "client_secret=***")]
    [InlineData("nothing to see here", "nothing to see here")]
    [InlineData("user=bob", "user=bob")]
    [InlineData("", "")]
    public void MaskAll_masks_values_of_sensitive_keys(string text, string expected)
    {
        Assert.Equal(expected, _masker.MaskAll(text));
    }

    [Fact]
    public void MaskAll_masks_the_credential_after_any_authorization_scheme()
    {
        string masked = _masker.MaskAll("Authorization: token ghp_abcdef123456");
        Assert.DoesNotContain("ghp_abcdef123456", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void MaskAll_also_masks_registered_values()
    {
        _masker.Register("hunter2");
        Assert.Equal("echo *** ; token=***", _masker.MaskAll("echo hunter2 ; token=abc"));
    }

    [Fact]
    public void MaskArguments_masks_the_value_after_a_sensitive_flag()
    {
        string[] masked = _masker.MaskArguments(["deploy", "--password", "hunter2", "-Token", "abc123", "--verbose", "yes"]).ToArray();
        Assert.Equal(["deploy", "--password", "***", "-Token", "***", "--verbose", "yes"], masked);
    }

    [Fact]
    public void MaskArguments_masks_key_value_arguments()
    {
        string[] masked = _masker.MaskArguments(["--api-key=zzz", "--name=zzz", "-p:Password=x"]).ToArray();
        Assert.Equal(["--api-key=***", "--name=zzz", "-p:Password=***"], masked);
    }

    [Fact]
    public void MaskArguments_masks_registered_values_anywhere()
    {
        _masker.Register("hunter2");
        string[] masked = _masker.MaskArguments(["login", "hunter2", "--user", "bob-hunter2"]).ToArray();
        Assert.Equal(["login", "***", "--user", "bob-***"], masked);
    }

    [Fact]
    public void MaskArguments_with_a_sensitive_flag_last_does_not_throw()
    {
        Assert.Equal(["run", "--password"], _masker.MaskArguments(["run", "--password"]).ToArray());
    }

    [Theory]
    [InlineData("PASSWORD", true)]
    [InlineData("db_passwd", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("ApiKey", true)]
    [InlineData("API_KEY", true)]
    [InlineData("AWS_SECRET_ACCESS_KEY", true)]
    [InlineData("Authorization", true)]
    [InlineData("ConnectionString", true)]
    [InlineData("AZURE_STORAGE_SAS", true)]
    [InlineData("PATH", false)]
    [InlineData("HOME", false)]
    [InlineData("USER", false)]
    [InlineData("LANG", false)]
    [InlineData("TERM", false)]
    public void IsSensitiveName_recognises_secret_looking_names(string name, bool expected)
    {
        Assert.Equal(expected, SecretMasker.IsSensitiveName(name));
    }
}
