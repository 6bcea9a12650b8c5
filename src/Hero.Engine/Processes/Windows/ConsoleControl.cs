using System;
using System.Runtime.InteropServices;

namespace Hero.Processes.Windows;

/// <summary>Windows PowerShell 5.1 (the net472 build) has no PosixSignalRegistration: the console's
/// close, logoff and shutdown events come through SetConsoleCtrlHandler. Windows ends the process
/// soon after the handler returns (about 5 s for a close), and closing the last Job Object handle
/// then ends whatever is left.</summary>
internal static class ConsoleControl
{
    private const int CtrlCloseEvent = 2;
    private const int CtrlLogoffEvent = 5;
    private const int CtrlShutdownEvent = 6;

    // Held for the life of the process: the console calls it from a thread of its own.
    private static HandlerRoutine? s_routine;

    private delegate bool HandlerRoutine(int controlType);

    /// <summary>Calls <paramref name="onExit"/> with the event's name when the console closes, the user
    /// logs off or Windows shuts down; Ctrl+C and Ctrl+Break stay PowerShell's.</summary>
    public static void Install(Action<string> onExit)
    {
        if (s_routine is not null) return;
        s_routine = controlType =>
        {
            string? name = controlType switch
            {
                CtrlCloseEvent => "console close",
                CtrlLogoffEvent => "logoff",
                CtrlShutdownEvent => "shutdown",
                _ => null,
            };
            if (name is not null)
            {
                onExit(name);
            }

            // Not handled: the next handler (and in the end Windows) ends the process as usual.
            return false;
        };
        SetConsoleCtrlHandler(s_routine, true);
    }

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool SetConsoleCtrlHandler(HandlerRoutine handler, bool add);
}
