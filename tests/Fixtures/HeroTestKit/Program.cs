using System;
using System.IO;

namespace Hero.TestKit;

/// <summary>Runs the steps given on the command line, in order, then exits 0 (or with the code of an
/// <c>exit</c> step). Every test fixture of the Pester suite is a line of steps, for example
/// <c>HeroTestKit out started sleep 30</c> or <c>HeroTestKit pid pids.txt spawn [ sleep 60 ] exit 3</c>.
/// See Steps for the list. A step that cannot run exits 2 with a message on stderr, so a broken
/// fixture fails its test loudly instead of passing by accident.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("HeroTestKit: give steps, for example: HeroTestKit out hello sleep 1 exit 3");
            return 2;
        }

        try
        {
            Steps.Run(new StepReader(args));
            return 0;
        }
        catch (KitExit exit)
        {
            return exit.Code;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Output.Flush();
            Console.Error.WriteLine("HeroTestKit: " + e.Message);
            return 2;
        }
        finally
        {
            Output.Flush();
        }
    }
}
