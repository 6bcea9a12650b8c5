using System;
using System.Collections.Generic;
using System.Linq;
using Hero.Tasks;

namespace Hero.Batch;

/// <summary>A validated batch: unique names, known dependencies, no cycle — all checked before anything
/// starts. Unnamed tasks that share a default name get a numeric suffix (true, true-2, ...).</summary>
public sealed class BatchPlan
{
    private BatchPlan(IReadOnlyList<HeroTaskDefinition> tasks, IReadOnlyDictionary<string, string[]> dependencies)
    {
        Tasks = tasks;
        Dependencies = dependencies;
    }

    public IReadOnlyList<HeroTaskDefinition> Tasks { get; }

    /// <summary>Per task name, the names it waits for (within this plan).</summary>
    public IReadOnlyDictionary<string, string[]> Dependencies { get; }

    /// <summary>Names given to DependsOn that are not part of this shard: they run elsewhere.</summary>
    public IReadOnlyList<string> OutsideShard { get; private set; } = [];

    /// <exception cref="HeroTaskDefinitionException">Duplicate name, unknown dependency or cycle.</exception>
    public static BatchPlan Create(IReadOnlyList<HeroTaskDefinition> all, ShardSpec? shard = null)
    {
        AssignNames(all);
        var allNames = new HashSet<string>(all.Select(t => t.Name!), StringComparer.OrdinalIgnoreCase);
        foreach (HeroTaskDefinition task in all)
        {
            foreach (string dependency in task.DependsOn)
            {
                if (!allNames.Contains(dependency))
                {
                    throw new HeroTaskDefinitionException($"'{dependency}' is not a task of this batch.", "DependsOn", task.Name);
                }
            }
        }

        FindCycle(all);

        IReadOnlyList<HeroTaskDefinition> selected = shard?.Select(all) ?? all;
        var selectedNames = new HashSet<string>(selected.Select(t => t.Name!), StringComparer.OrdinalIgnoreCase);
        var outside = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var dependencies = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (HeroTaskDefinition task in selected)
        {
            dependencies[task.Name!] = task.DependsOn.Where(selectedNames.Contains).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            foreach (string dependency in task.DependsOn.Where(d => !selectedNames.Contains(d))) outside.Add(dependency);
        }

        return new BatchPlan(selected, dependencies) { OutsideShard = outside.ToList() };
    }

    /// <summary>The plan without the named tasks and without every task that depends on one of them,
    /// directly or not (it could not run); <paramref name="dropped"/> lists all that were taken out.</summary>
    public BatchPlan Without(IEnumerable<string> names, out IReadOnlyList<string> dropped)
    {
        var removed = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (HeroTaskDefinition task in Tasks.Where(t => !removed.Contains(t.Name!) && Dependencies[t.Name!].Any(removed.Contains)))
            {
                grew |= removed.Add(task.Name!);
            }
        }

        dropped = Tasks.Where(t => removed.Contains(t.Name!)).Select(t => t.Name!).ToList();
        var kept = Tasks.Where(t => !removed.Contains(t.Name!)).ToList();
        return new BatchPlan(kept, kept.ToDictionary(t => t.Name!, t => Dependencies[t.Name!], StringComparer.OrdinalIgnoreCase)) { OutsideShard = OutsideShard };
    }

    private static void AssignNames(IReadOnlyList<HeroTaskDefinition> tasks)
    {
        var explicitNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (HeroTaskDefinition task in tasks.Where(t => !string.IsNullOrWhiteSpace(t.Name)))
        {
            if (!explicitNames.Add(task.Name!))
            {
                throw new HeroTaskDefinitionException($"Two tasks are named '{task.Name}'; task names must be unique within a batch.", "Name");
            }
        }

        var used = new HashSet<string>(explicitNames, StringComparer.OrdinalIgnoreCase);
        foreach (HeroTaskDefinition task in tasks.Where(t => string.IsNullOrWhiteSpace(t.Name)))
        {
            string stem = LaunchPlanner.DefaultName(task);
            string name = stem;
            for (int suffix = 2; !used.Add(name); suffix++)
            {
                name = stem + "-" + suffix;
            }

            task.Name = name;
        }
    }

    private static void FindCycle(IReadOnlyList<HeroTaskDefinition> tasks)
    {
        var byName = tasks.ToDictionary(t => t.Name!, StringComparer.OrdinalIgnoreCase);
        var state = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase); // 1 visiting, 2 done
        var path = new List<string>();

        void Visit(string name)
        {
            state.TryGetValue(name, out int seen);
            if (seen == 2) return;
            if (seen == 1)
            {
                int start = path.FindIndex(p => p.Equals(name, StringComparison.OrdinalIgnoreCase));
                string cycle = string.Join(" -> ", path.Skip(start).Append(name));
                throw new HeroTaskDefinitionException($"The dependencies form a cycle: {cycle}.", "DependsOn");
            }

            state[name] = 1;
            path.Add(name);
            foreach (string dependency in byName[name].DependsOn) Visit(byName[dependency].Name!);
            path.RemoveAt(path.Count - 1);
            state[name] = 2;
        }

        foreach (HeroTaskDefinition task in tasks) Visit(task.Name!);
    }
}
