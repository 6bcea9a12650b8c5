using System;
using System.Linq;
using System.Xml.Linq;
using Hero.Guardian;

namespace Hero.Tests.Guardian;

public sealed class GuardianServiceTests
{
    private static readonly string[] Command = ["/usr/bin/pwsh", "-NoProfile", "-NonInteractive", "-Command", "Import-Module -Name '/opt/hero 100%/Hero.psd1'; Start-HeroGuardian -Worker '/home/me/state/web'; exit $LASTEXITCODE"];

    [Fact]
    public void The_systemd_unit_quotes_every_argument_and_escapes_specifiers_and_variables()
    {
        string unit = GuardianService.Render(GuardianService.Systemd, "web", Command, "/home/me/state/web", "/home/me/state/web/worker.log", TimeSpan.FromSeconds(15));
        Assert.Contains("ExecStart=\"/usr/bin/pwsh\" \"-NoProfile\" \"-NonInteractive\" \"-Command\" \"Import-Module -Name '/opt/hero 100%%/Hero.psd1'; Start-HeroGuardian -Worker '/home/me/state/web'; exit $$LASTEXITCODE\"\n", unit);
        Assert.Contains("Restart=on-failure\n", unit);
        Assert.Contains("KillMode=mixed\n", unit);
        Assert.Contains("TimeoutStopSec=15\n", unit);
        Assert.Contains("StandardOutput=append:/home/me/state/web/worker.log\n", unit);
        Assert.Contains("[Install]\nWantedBy=default.target\n", unit);
        Assert.Equal("hero-guardian-web.service", GuardianService.ServiceName(GuardianService.Systemd, "web"));
    }

    [Fact]
    public void The_launchd_plist_is_valid_xml_with_the_arguments_one_by_one()
    {
        string plist = GuardianService.Render(GuardianService.Launchd, "web", Command, "/Users/me/state/web", "/Users/me/state/web/worker.log", TimeSpan.FromSeconds(15));
        XElement dict = XDocument.Parse(plist).Root!.Element("dict")!;
        var keys = dict.Elements("key").Select(k => k.Value).ToList();
        Assert.Equal(["Label", "ProgramArguments", "WorkingDirectory", "EnvironmentVariables", "RunAtLoad", "KeepAlive", "ThrottleInterval", "ExitTimeOut", "ProcessType", "StandardOutPath", "StandardErrorPath"], keys);
        Assert.Equal("dev.hero.guardian.web", ((XElement)dict.Elements("key").First(k => k.Value == "Label").NextNode!).Value);
        XElement arguments = (XElement)dict.Elements("key").First(k => k.Value == "ProgramArguments").NextNode!;
        Assert.Equal(Command, arguments.Elements("string").Select(s => s.Value));
        XElement keepAlive = (XElement)dict.Elements("key").First(k => k.Value == "KeepAlive").NextNode!;
        Assert.Equal("SuccessfulExit", keepAlive.Element("key")!.Value);
        Assert.Equal("false", ((XElement)keepAlive.Element("key")!.NextNode!).Name.LocalName);
    }

    [Fact]
    public void The_task_scheduler_xml_runs_the_worker_at_logon_with_least_privilege()
    {
        string[] command = [@"C:\Program Files\PowerShell\7\pwsh.exe", "-NoProfile", "-Command", "Start-HeroGuardian -Worker 'C:\\state\\web'"];
        string xml = GuardianService.Render(GuardianService.TaskScheduler, "web", command, @"C:\state\web", @"C:\state\web\worker.log", TimeSpan.FromSeconds(15));
        XNamespace ns = "http://schemas.microsoft.com/windows/2004/02/mit/task";
        XElement task = XDocument.Parse(xml).Root!;
        Assert.Equal(@"\Hero\Guardian-web", task.Element(ns + "RegistrationInfo")!.Element(ns + "URI")!.Value);
        Assert.NotNull(task.Element(ns + "Triggers")!.Element(ns + "LogonTrigger"));
        Assert.Equal("LeastPrivilege", task.Descendants(ns + "RunLevel").Single().Value);
        Assert.Equal("IgnoreNew", task.Descendants(ns + "MultipleInstancesPolicy").Single().Value);
        Assert.Equal("PT0S", task.Descendants(ns + "ExecutionTimeLimit").Single().Value);
        XElement exec = task.Descendants(ns + "Exec").Single();
        Assert.Equal(command[0], exec.Element(ns + "Command")!.Value);
        Assert.Equal("-NoProfile -Command \"Start-HeroGuardian -Worker 'C:\\state\\web'\"", exec.Element(ns + "Arguments")!.Value);
        Assert.Equal(@"C:\state\web", exec.Element(ns + "WorkingDirectory")!.Value);
    }
}
