using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Hero.Tasks;

namespace Hero.Guardian;

/// <summary>Installs, stops and removes a persisted guardian with the platform's own tools
/// (systemctl --user, launchctl, schtasks), each run as a Hero task under a deadline.</summary>
internal static class ServiceInstaller
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Writes the definition and starts the service now (and at every login or boot).</summary>
    public static async Task InstallAsync(GuardianSpec spec, GuardianPaths paths, CancellationToken cancel)
    {
        string kind = spec.Service!;
        string file = GuardianService.DefinitionPath(kind, spec.Name, paths.Folder);
        string text = GuardianService.Render(kind, spec.Name, spec.WorkerCommand, paths.Folder, paths.WorkerLog, StopTimeout(spec));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        Reporting.AtomicFile.WriteAllBytes(file, kind == GuardianService.TaskScheduler ? Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray() : new UTF8Encoding(false).GetBytes(text));
        string name = GuardianService.ServiceName(kind, spec.Name);
        try
        {
            switch (kind)
            {
                case GuardianService.Systemd:
                    await RunAsync(spec.Name, cancel, "systemctl", "--user", "daemon-reload").ConfigureAwait(false);
                    await RunAsync(spec.Name, cancel, "systemctl", "--user", "enable", "--now", name).ConfigureAwait(false);
                    break;
                case GuardianService.Launchd:
                    string domain = "gui/" + UserId();
                    await RunAsync(spec.Name, cancel, true, "launchctl", "enable", domain + "/" + name).ConfigureAwait(false);
                    await RunAsync(spec.Name, cancel, "launchctl", "bootstrap", domain, file).ConfigureAwait(false);
                    break;
                default:
                    await RunAsync(spec.Name, cancel, "schtasks", "/Create", "/TN", name, "/XML", file, "/F").ConfigureAwait(false);
                    await RunAsync(spec.Name, cancel, "schtasks", "/Run", "/TN", name).ConfigureAwait(false);
                    break;
            }
        }
        catch
        {
            // Nothing half-installed: a definition the manager refused would start at the next login.
            await UninstallAsync(spec, paths, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the service and keeps it from starting again at the next login or boot.</summary>
    public static async Task StopAsync(GuardianSpec spec, GuardianPaths paths, CancellationToken cancel)
    {
        string name = GuardianService.ServiceName(spec.Service!, spec.Name);
        switch (spec.Service)
        {
            case GuardianService.Systemd:
                await RunAsync(spec.Name, cancel, true, "systemctl", "--user", "disable", "--now", name).ConfigureAwait(false);
                break;
            case GuardianService.Launchd:
                string domain = "gui/" + UserId();
                await RunAsync(spec.Name, cancel, true, "launchctl", "bootout", domain + "/" + name).ConfigureAwait(false);
                await RunAsync(spec.Name, cancel, true, "launchctl", "disable", domain + "/" + name).ConfigureAwait(false);
                break;
            default:
                await RunAsync(spec.Name, cancel, true, "schtasks", "/End", "/TN", name).ConfigureAwait(false);
                await RunAsync(spec.Name, cancel, true, "schtasks", "/Change", "/TN", name, "/DISABLE").ConfigureAwait(false);
                break;
        }
    }

    public static async Task UninstallAsync(GuardianSpec spec, GuardianPaths paths, CancellationToken cancel)
    {
        string kind = spec.Service!;
        string name = GuardianService.ServiceName(kind, spec.Name);
        string file = GuardianService.DefinitionPath(kind, spec.Name, paths.Folder);
        if (kind == GuardianService.TaskScheduler)
        {
            await RunAsync(spec.Name, cancel, true, "schtasks", "/Delete", "/TN", name, "/F").ConfigureAwait(false);
        }

        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        if (kind == GuardianService.Systemd)
        {
            await RunAsync(spec.Name, cancel, true, "systemctl", "--user", "daemon-reload").ConfigureAwait(false);
        }
    }

    /// <summary>The service manager's stop wait: the worker's stop sequence (the grace) and a margin.</summary>
    public static TimeSpan StopTimeout(GuardianSpec spec) => spec.GracePeriod + TimeSpan.FromSeconds(10);

    private static Task RunAsync(string guardian, CancellationToken cancel, params string[] command) => RunAsync(guardian, cancel, false, command);

    private static async Task RunAsync(string guardian, CancellationToken cancel, bool mayFail, params string[] command)
    {
        var task = new HeroTaskDefinition
        {
            Name = command[0],
            FilePath = command[0],
            ArgumentList = command.Skip(1).ToArray(),
            Timeout = ToolTimeout,
            Quiet = true,
            HeartbeatInterval = TimeSpan.Zero,
        };
        HeroTaskResult result = await TaskRunner.RunAsync(task, NullTaskObserver.Instance, cancel).ConfigureAwait(false);
        if (!result.Succeeded && !mayFail)
        {
            string said = (result.StdErr.Trim().Length > 0 ? result.StdErr : result.StdOut).Trim();
            throw new HeroGuardianException(HeroGuardianProblem.ServiceFailed, guardian,
                $"'{string.Join(" ", command)}' failed ({result.Message ?? "exit code " + result.ExitCode}){(said.Length > 0 ? ": " + said : ".")}");
        }
    }

    private static string UserId()
    {
#if NET
        return Processes.Unix.Libc.getuid().ToString(System.Globalization.CultureInfo.InvariantCulture);
#else
        return "0";
#endif
    }
}
