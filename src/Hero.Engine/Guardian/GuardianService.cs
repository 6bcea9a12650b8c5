using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace Hero.Guardian;

/// <summary>The service definitions Start-HeroGuardian -Persist hands to the operating system's own
/// service manager, so the worker comes back after a reboot: a systemd user unit (Linux), a launchd
/// agent (macOS), a Task Scheduler task (Windows). Each runs the same worker command line as a detached
/// start, keeps it running if it crashes (not when it ends by itself: stopped or Fatal), and gives it
/// the guardian's grace to stop. Hero does not supervise the supervisor.</summary>
public static class GuardianService
{
    public const string Systemd = "systemd";
    public const string Launchd = "launchd";
    public const string TaskScheduler = "schtasks";

    /// <summary>The service manager of this platform.</summary>
    public static string Native =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? TaskScheduler : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? Launchd : Systemd;

    /// <summary>The unit, agent or task name: hero-guardian-web.service, dev.hero.guardian.web, Hero\Guardian-web.</summary>
    public static string ServiceName(string kind, string name) => kind switch
    {
        Launchd => "dev.hero.guardian." + name,
        TaskScheduler => @"\Hero\Guardian-" + name,
        _ => "hero-guardian-" + name + ".service",
    };

    /// <summary>Where the definition is installed (Task Scheduler keeps its own; the file is a copy
    /// in the guardian's folder that schtasks reads).</summary>
    public static string DefinitionPath(string kind, string name, string guardianFolder)
    {
        string home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        switch (kind)
        {
            case Launchd:
                return Path.Combine(home, "Library", "LaunchAgents", ServiceName(kind, name) + ".plist");
            case TaskScheduler:
                return Path.Combine(guardianFolder, "task.xml");
            default:
                string? config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
                string root = !string.IsNullOrEmpty(config) && Path.IsPathRooted(config) ? config! : Path.Combine(home, ".config");
                return Path.Combine(root, "systemd", "user", ServiceName(kind, name));
        }
    }

    /// <summary>The definition's text.</summary>
    /// <param name="command">The worker's command line: an absolute program path, then its arguments.</param>
    /// <param name="stopTimeout">How long the manager waits for the worker to stop before it kills it.</param>
    public static string Render(string kind, string name, IReadOnlyList<string> command, string guardianFolder, string workerLog, TimeSpan stopTimeout) => kind switch
    {
        Launchd => Plist(name, command, guardianFolder, workerLog, stopTimeout),
        TaskScheduler => TaskXml(name, command, guardianFolder),
        Systemd => Unit(name, command, guardianFolder, workerLog, stopTimeout),
        _ => throw new ArgumentException($"'{kind}' is not a service manager Hero knows (systemd, launchd, schtasks).", nameof(kind)),
    };

    private static string Unit(string name, IReadOnlyList<string> command, string folder, string workerLog, TimeSpan stopTimeout)
    {
        var text = new StringBuilder();
        text.Append("# Written by Start-HeroGuardian -Persist for the guardian '").Append(name).Append("'; Remove-HeroGuardian removes it.\n");
        text.Append("[Unit]\n");
        text.Append("Description=Hero guardian ").Append(name).Append('\n');
        text.Append('\n');
        text.Append("[Service]\n");
        text.Append("Type=simple\n");
        text.Append("ExecStart=").Append(string.Join(" ", command.Select(SystemdQuote))).Append('\n');
        text.Append("WorkingDirectory=").Append(folder.Replace("%", "%%")).Append('\n');
        // As for a detached worker: no dynamic PGO in a process that idles for days (docs/guardian.md).
        text.Append("Environment=DOTNET_TieredPGO=0\n");
        // The worker ends by itself when it is done (stopped, or Fatal), with 0: only a crash restarts it.
        text.Append("Restart=on-failure\n");
        text.Append("RestartSec=5\n");
        // SIGTERM to the worker alone, which stops its command with the stop sequence; whatever is left
        // in the unit when the time is up gets SIGKILL.
        text.Append("KillMode=mixed\n");
        text.Append("TimeoutStopSec=").Append(Math.Ceiling(stopTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        text.Append("StandardOutput=append:").Append(workerLog.Replace("%", "%%")).Append('\n');
        text.Append("StandardError=append:").Append(workerLog.Replace("%", "%%")).Append('\n');
        text.Append('\n');
        text.Append("[Install]\n");
        text.Append("WantedBy=default.target\n");
        return text.ToString();
    }

    /// <summary>systemd's own quoting: double quotes with C escapes, % doubled (specifiers), $ doubled
    /// (variable expansion), so the argument reaches the worker exactly.</summary>
    internal static string SystemdQuote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '"': builder.Append("\\\""); break;
                case '%': builder.Append("%%"); break;
                case '$': builder.Append("$$"); break;
                case '\n': builder.Append(@"\n"); break;
                default: builder.Append(c); break;
            }
        }

        return builder.Append('"').ToString();
    }

    private static string Plist(string name, IReadOnlyList<string> command, string folder, string workerLog, TimeSpan stopTimeout)
    {
        var text = new StringBuilder();
        text.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        text.Append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n");
        text.Append("<!-- Written by Start-HeroGuardian -Persist for the guardian '").Append(Xml(name)).Append("'; Remove-HeroGuardian removes it. -->\n");
        text.Append("<plist version=\"1.0\">\n<dict>\n");
        text.Append("  <key>Label</key>\n  <string>").Append(Xml(ServiceName(Launchd, name))).Append("</string>\n");
        text.Append("  <key>ProgramArguments</key>\n  <array>\n");
        foreach (string argument in command) text.Append("    <string>").Append(Xml(argument)).Append("</string>\n");
        text.Append("  </array>\n");
        text.Append("  <key>WorkingDirectory</key>\n  <string>").Append(Xml(folder)).Append("</string>\n");
        text.Append("  <key>EnvironmentVariables</key>\n  <dict>\n    <key>DOTNET_TieredPGO</key>\n    <string>0</string>\n  </dict>\n");
        text.Append("  <key>RunAtLoad</key>\n  <true/>\n");
        text.Append("  <key>KeepAlive</key>\n  <dict>\n    <key>SuccessfulExit</key>\n    <false/>\n  </dict>\n");
        text.Append("  <key>ThrottleInterval</key>\n  <integer>5</integer>\n");
        text.Append("  <key>ExitTimeOut</key>\n  <integer>").Append(Math.Ceiling(stopTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("</integer>\n");
        text.Append("  <key>ProcessType</key>\n  <string>Background</string>\n");
        text.Append("  <key>StandardOutPath</key>\n  <string>").Append(Xml(workerLog)).Append("</string>\n");
        text.Append("  <key>StandardErrorPath</key>\n  <string>").Append(Xml(workerLog)).Append("</string>\n");
        text.Append("</dict>\n</plist>\n");
        return text.ToString();
    }

    private static string TaskXml(string name, IReadOnlyList<string> command, string folder)
    {
        string user = string.IsNullOrEmpty(Environment.UserDomainName) ? Environment.UserName : Environment.UserDomainName + "\\" + Environment.UserName;
        string arguments = Processes.Windows.WindowsCommandLine.Join(command.Skip(1));
        var text = new StringBuilder();
        text.Append("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n");
        text.Append("<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\n");
        text.Append("  <RegistrationInfo>\n    <Description>Hero guardian ").Append(Xml(name)).Append(" (written by Start-HeroGuardian -Persist; Remove-HeroGuardian removes it)</Description>\n");
        text.Append("    <URI>").Append(Xml(ServiceName(TaskScheduler, name))).Append("</URI>\n  </RegistrationInfo>\n");
        text.Append("  <Triggers>\n    <LogonTrigger>\n      <Enabled>true</Enabled>\n      <UserId>").Append(Xml(user)).Append("</UserId>\n    </LogonTrigger>\n  </Triggers>\n");
        // The user's own rights, not SYSTEM's: the seed's task ran as SYSTEM with highest privileges.
        text.Append("  <Principals>\n    <Principal id=\"Author\">\n      <UserId>").Append(Xml(user)).Append("</UserId>\n      <LogonType>InteractiveToken</LogonType>\n      <RunLevel>LeastPrivilege</RunLevel>\n    </Principal>\n  </Principals>\n");
        text.Append("  <Settings>\n");
        text.Append("    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n");
        text.Append("    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\n");
        text.Append("    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\n");
        text.Append("    <AllowHardTerminate>true</AllowHardTerminate>\n");
        text.Append("    <StartWhenAvailable>true</StartWhenAvailable>\n");
        text.Append("    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>\n");
        text.Append("    <IdleSettings>\n      <StopOnIdleEnd>false</StopOnIdleEnd>\n      <RestartOnIdle>false</RestartOnIdle>\n    </IdleSettings>\n");
        text.Append("    <AllowStartOnDemand>true</AllowStartOnDemand>\n");
        text.Append("    <Enabled>true</Enabled>\n");
        text.Append("    <Hidden>true</Hidden>\n");
        text.Append("    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>\n");
        text.Append("    <RestartOnFailure>\n      <Interval>PT1M</Interval>\n      <Count>999</Count>\n    </RestartOnFailure>\n");
        text.Append("  </Settings>\n");
        text.Append("  <Actions Context=\"Author\">\n    <Exec>\n");
        text.Append("      <Command>").Append(Xml(command[0])).Append("</Command>\n");
        text.Append("      <Arguments>").Append(Xml(arguments)).Append("</Arguments>\n");
        text.Append("      <WorkingDirectory>").Append(Xml(folder)).Append("</WorkingDirectory>\n");
        text.Append("    </Exec>\n  </Actions>\n</Task>\n");
        return text.ToString();
    }

    private static string Xml(string value) => SecurityElement.Escape(value) ?? string.Empty;
}
