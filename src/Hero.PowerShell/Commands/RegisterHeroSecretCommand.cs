using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using Hero.PowerShell.Binding;
using Hero.PowerShell.Hosting;
using Hero.Security;

namespace Hero.PowerShell.Commands;

/// <summary>Registers values that Hero must never write: from now on they are masked as *** in logs,
/// errors, task commands, task output and CI output of this process.</summary>
[Cmdlet(VerbsLifecycle.Register, "HeroSecret")]
[OutputType(typeof(void))]
public sealed class RegisterHeroSecretCommand : HeroCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object Value { get; set; } = null!;

    protected override void ProcessRecord()
    {
        object value = DictionaryConversion.Unwrap(Value)!;
        switch (value)
        {
            case SecureString secure:
                SecretMasker.Default.Register(Reveal(secure));
                break;
            case PSCredential credential:
                SecretMasker.Default.Register(Reveal(credential.Password));
                break;
            default:
                string text = LanguagePrimitives.ConvertTo<string>(value);
                if (text.Length < 3)
                {
                    WriteWarning("Values shorter than 3 characters are not masked: they would hide ordinary text everywhere.");
                }

                SecretMasker.Default.Register(text);
                break;
        }
    }

    private static string Reveal(SecureString secure)
    {
        IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
