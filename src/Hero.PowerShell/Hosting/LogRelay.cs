using System.Management.Automation;
using Hero.Logging;
using Hero.PowerShell.Errors;

namespace Hero.PowerShell.Hosting;

/// <summary>Echoes Hero log events in the host's streams, by the -Console mode of Set-HeroLogging.
/// Only ever called on the pipeline thread.</summary>
internal static class LogRelay
{
    public static void Show(HeroCmdlet cmdlet, HeroLogRecord record, HeroLogConsole mode)
    {
        string message = record.Message;
        if (record.HostReported || mode == HeroLogConsole.Off)
        {
            // The cmdlet reports it itself (or the console is off): narrate for -Verbose only.
            cmdlet.WriteVerbose(message);
            return;
        }

        switch (record.Level)
        {
            case HeroLogLevel.Verbose:
                cmdlet.WriteVerbose(message);
                break;
            case HeroLogLevel.Debug:
                cmdlet.WriteDebug(message);
                break;
            case HeroLogLevel.Information:
                if (mode == HeroLogConsole.On)
                {
                    cmdlet.WriteHostLine(message, "log");
                }
                else
                {
                    cmdlet.WriteVerbose(message);
                }

                break;
            case HeroLogLevel.Warning:
                cmdlet.WriteWarning(message);
                break;
            default:
                cmdlet.WriteError(new ErrorRecord(new HeroLogException(message), "HeroLogError", ErrorCategory.NotSpecified, record));
                break;
        }
    }
}
