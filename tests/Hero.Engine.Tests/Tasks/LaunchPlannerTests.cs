using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Hero.Correlation;
using Hero.Processes;
using Hero.Security;
using Hero.Tasks;
using Hero.Tests.Support;

namespace Hero.Tests.Tasks;

/// <summary>How a definition becomes an exact launch, checked before anything starts.</summary>
public sealed class LaunchPlannerTests : IDisposable
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanId = "00f067aa0ba902b7";
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "hero-plan-" + Guid.NewGuid().ToString("N"));

    public LaunchPlannerTests() => Directory.CreateDirectory(_scratch);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static HeroTaskDefinition Program(string filePath, params string[] arguments) => new() { FilePath = filePath, ArgumentList = arguments };

    private static HeroTaskDefinitionException Refused(HeroTaskDefinition definition) =>
        Assert.Throws<HeroTaskDefinitionException>(() => LaunchPlanner.Validate(definition));

    // ---- default names ----

    [Theory]
    [InlineData(HeroTaskKind.Process, "/usr/local/bin/make", "make")]
    [InlineData(HeroTaskKind.Process, "tool.exe", "tool")]
    [InlineData(HeroTaskKind.Process, "./scripts/build.sh", "build")]
    [InlineData(HeroTaskKind.Process, ".profile", ".profile")]
    [InlineData(HeroTaskKind.Shell, "  npm test && npm run lint", "npm")]
    [InlineData(HeroTaskKind.Shell, "echo;ls", "echo")]
    [InlineData(HeroTaskKind.Script, "/work/deploy.ps1", "deploy")]
    public void An_unnamed_task_is_named_after_what_it_runs(HeroTaskKind kind, string what, string expected)
    {
        var definition = new HeroTaskDefinition { Kind = kind };
        switch (kind)
        {
            case HeroTaskKind.Process: definition.FilePath = what; break;
            case HeroTaskKind.Shell: definition.Command = what; break;
            default: definition.ScriptPath = what; break;
        }

        Assert.Equal(expected, LaunchPlanner.DefaultName(definition));
    }

    [Fact]
    public void A_given_name_wins_and_a_script_block_is_scriptblock()
    {
        Assert.Equal("deploy", LaunchPlanner.DefaultName(new HeroTaskDefinition { Name = "deploy", FilePath = "make" }));
        Assert.Equal("scriptblock", LaunchPlanner.DefaultName(new HeroTaskDefinition { Kind = HeroTaskKind.ScriptBlock }));
    }

    // ---- validation: the parameter at fault, before anything starts ----

    [Fact]
    public void A_missing_working_directory_names_WorkingDirectory()
    {
        HeroTaskDefinition definition = Program("make");
        definition.WorkingDirectory = Path.Combine(_scratch, "gone");

        HeroTaskDefinitionException error = Refused(definition);

        Assert.Equal("WorkingDirectory", error.ParameterName);
        Assert.Contains("gone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_path_in_a_missing_folder_or_on_a_folder_names_OutputPath()
    {
        HeroTaskDefinition missing = Program("make");
        missing.OutputPath = Path.Combine(_scratch, "missing", "out.txt");
        HeroTaskDefinition folder = Program("make");
        folder.OutputPath = _scratch;

        Assert.Equal("OutputPath", Refused(missing).ParameterName);
        HeroTaskDefinitionException onFolder = Refused(folder);
        Assert.Equal("OutputPath", onFolder.ParameterName);
        Assert.Contains("is a directory", onFolder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_standard_input_file_names_StandardInputPath()
    {
        HeroTaskDefinition definition = Program("cat");
        definition.StandardInputPath = Path.Combine(_scratch, "input.txt");

        Assert.Equal("StandardInputPath", Refused(definition).ParameterName);
    }

    [Fact]
    public void A_NUL_in_an_argument_names_its_index_and_never_shows_the_value()
    {
        HeroTaskDefinitionException error = Refused(Program("echo", "fine", "also fine", "hunter\0two"));

        Assert.Equal("ArgumentList[2]", error.ParameterName);
        Assert.DoesNotContain("hunter", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("A=B")]
    [InlineData("NUL\0NAME")]
    public void A_bad_environment_variable_name_names_Environment(string name)
    {
        HeroTaskDefinition definition = Program("make");
        definition.Environment = new Dictionary<string, string?> { [name] = "value" };

        Assert.Equal("Environment", Refused(definition).ParameterName);
    }

    [Fact]
    public void A_NUL_in_an_environment_value_names_Environment_without_the_value()
    {
        HeroTaskDefinition definition = Program("make");
        definition.Environment = new Dictionary<string, string?> { ["TOKEN"] = "abc\0def" };

        HeroTaskDefinitionException error = Refused(definition);

        Assert.Equal("Environment", error.ParameterName);
        Assert.DoesNotContain("abc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NUL_in_the_program_command_or_folder_names_that_parameter()
    {
        Assert.Equal("FilePath", Refused(Program("ma\0ke")).ParameterName);
        Assert.Equal("Command", Refused(new HeroTaskDefinition { Kind = HeroTaskKind.Shell, Command = "echo \0" }).ParameterName);
    }

    [Fact]
    public void What_each_kind_needs_is_named_when_missing()
    {
        Assert.Equal("FilePath", Refused(new HeroTaskDefinition { Kind = HeroTaskKind.Process }).ParameterName);
        Assert.Equal("Command", Refused(new HeroTaskDefinition { Kind = HeroTaskKind.Shell, Command = " " }).ParameterName);
        Assert.Equal("ScriptPath", Refused(new HeroTaskDefinition { Kind = HeroTaskKind.Script }).ParameterName);
        HeroTaskDefinitionException missingScript = Refused(new HeroTaskDefinition { Kind = HeroTaskKind.Script, ScriptPath = Path.Combine(_scratch, "nope.ps1") });
        Assert.Equal("ScriptPath", missingScript.ParameterName);
        Assert.Contains("nope.ps1", missingScript.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_definition_passes()
    {
        string input = Path.Combine(_scratch, "input.txt");
        File.WriteAllText(input, "x");
        HeroTaskDefinition definition = Program("make", "all");
        definition.WorkingDirectory = _scratch;
        definition.OutputPath = Path.Combine(_scratch, "out.txt");
        definition.StandardInputPath = input;
        definition.Environment = new Dictionary<string, string?> { ["HERO_PLAN_TEST"] = "1", ["HERO_PLAN_GONE"] = null };

        LaunchPlanner.Validate(definition);
    }

    // ---- environment ----

    [Fact]
    public void The_child_inherits_the_environment_with_the_trace_context_added()
    {
        const string inherited = "HERO_PLAN_INHERITED";
        Environment.SetEnvironmentVariable(inherited, "from-parent");
        try
        {
            Dictionary<string, string> environment = LaunchPlanner.EnvironmentFor(Program("make"), TraceId, SpanId);

            Assert.Equal("from-parent", environment[inherited]);
            Assert.Equal($"00-{TraceId}-{SpanId}-01", environment[TraceContext.TraceParentVariable]);
            Assert.Equal(TraceId, environment[TraceContext.CorrelationVariable]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(inherited, null);
        }
    }

    [Fact]
    public void The_definition_adds_overrides_and_removes_variables_and_may_set_its_own_TRACEPARENT()
    {
        const string removed = "HERO_PLAN_REMOVED";
        Environment.SetEnvironmentVariable(removed, "from-parent");
        try
        {
            HeroTaskDefinition definition = Program("make");
            definition.Environment = new Dictionary<string, string?>
            {
                ["HERO_PLAN_ADDED"] = "added",
                [removed] = null,
                [TraceContext.TraceParentVariable] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            };

            Dictionary<string, string> environment = LaunchPlanner.EnvironmentFor(definition, TraceId, SpanId);

            Assert.Equal("added", environment["HERO_PLAN_ADDED"]);
            Assert.False(environment.ContainsKey(removed));
            Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", environment[TraceContext.TraceParentVariable]);
            Assert.Equal(TraceId, environment[TraceContext.CorrelationVariable]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(removed, null);
        }
    }

    [Fact]
    public void A_value_under_a_sensitive_name_becomes_a_secret_to_mask()
    {
        string value = "plan-secret-" + Guid.NewGuid().ToString("N");
        HeroTaskDefinition definition = Program("make");
        definition.Environment = new Dictionary<string, string?> { ["DEPLOY_TOKEN"] = value };

        LaunchPlanner.EnvironmentFor(definition, TraceId, SpanId);

        Assert.Equal("token is ***", SecretMasker.Default.MaskValues("token is " + value));
    }

    // ---- the launch and its display ----

    [Fact]
    public void The_display_quotes_for_a_POSIX_shell_and_masks_secrets()
    {
        string shown = LaunchPlanner.Display("/usr/bin/deploy", ["plain", "with space", "it's", "", "--password", "hunter2", "token=abc", "a=b,c:d"]);

        Assert.Equal("/usr/bin/deploy plain 'with space' 'it'\\''s' '' --password *** token=*** a=b,c:d", shown);
    }

    [Fact]
    public void Standard_input_text_is_encoded_and_a_file_is_read_as_bytes()
    {
        HeroTaskDefinition text = Program(Environment.ProcessPath!);
        text.StandardInput = "héllo";
        string file = Path.Combine(_scratch, "input.bin");
        File.WriteAllBytes(file, [0, 1, 2, 255]);
        HeroTaskDefinition bytes = Program(Environment.ProcessPath!);
        bytes.StandardInputPath = file;

        Assert.Equal(Encoding.Unicode.GetBytes("héllo"), LaunchPlanner.Plan(text, Encoding.Unicode, TraceId, SpanId).Start.StandardInput);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, LaunchPlanner.Plan(bytes, Encoding.UTF8, TraceId, SpanId).Start.StandardInput);
        Assert.Null(LaunchPlanner.Plan(Program(Environment.ProcessPath!), Encoding.UTF8, TraceId, SpanId).Start.StandardInput);
    }

    [Fact]
    public void A_script_runs_in_the_given_PowerShell_without_profile_or_prompts()
    {
        string script = Path.Combine(_scratch, "deploy.ps1");
        File.WriteAllText(script, "exit 0");
        string host = Path.Combine(_scratch, "pwsh");
        var definition = new HeroTaskDefinition
        {
            Kind = HeroTaskKind.Script,
            ScriptPath = script,
            PowerShellHost = host,
            ArgumentList = ["-Stage", "prod"],
            WorkingDirectory = _scratch,
        };

        ChildStartInfo start = LaunchPlanner.Plan(definition, Encoding.UTF8, TraceId, SpanId).Start;

        string[] policy = ChildProcess.IsWindows ? ["-ExecutionPolicy", "Bypass"] : [];
        Assert.Equal(host, start.ProgramPath);
        Assert.Equal(["-NoProfile", "-NonInteractive", .. policy, "-File", script, "-Stage", "prod"], start.Arguments);
        Assert.Equal(_scratch, start.WorkingDirectory);
    }

    [UnixFact]
    public void A_shell_command_runs_through_bin_sh_and_a_program_is_found_on_PATH()
    {
        LaunchPlan shell = LaunchPlanner.Plan(new HeroTaskDefinition { Kind = HeroTaskKind.Shell, Command = "echo hi | tr h H" }, Encoding.UTF8, TraceId, SpanId);
        LaunchPlan program = LaunchPlanner.Plan(Program("sh", "-c", "exit 0"), Encoding.UTF8, TraceId, SpanId);

        Assert.Equal("/bin/sh", shell.Start.ProgramPath);
        Assert.Equal(["-c", "echo hi | tr h H"], shell.Start.Arguments);
        Assert.Equal("/bin/sh -c 'echo hi | tr h H'", shell.DisplayCommand);
        Assert.True(Path.IsPathRooted(program.Start.ProgramPath), program.Start.ProgramPath);
        Assert.Equal("sh", Path.GetFileName(program.Start.ProgramPath));
        Assert.Equal(["-c", "exit 0"], program.Start.Arguments);
        Assert.Equal(Environment.CurrentDirectory, program.Start.WorkingDirectory);
    }
}
