using Hero.Processes;

namespace Hero.Tasks;

/// <summary>A definition turned into an exact launch: what runs, and how to show it.</summary>
internal sealed record LaunchPlan(ChildStartInfo Start, string DisplayCommand);
