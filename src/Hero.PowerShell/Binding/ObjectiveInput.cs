using System.Collections;
using System.Collections.Generic;
using Hero.Budgets;

namespace Hero.PowerShell.Binding;

/// <summary>-Objective values: HeroSloObjective objects (from Import-HeroBudget) as they are, and
/// hashtables with the keys of Hero's objective files (Name, Task, Metric, Threshold, Level,
/// MinSamples, GroupBy, Confidence, Description, Category).</summary>
internal static class ObjectiveInput
{
    /// <exception cref="HeroSloObjectiveException">Names the objective and the key at fault.</exception>
    public static List<HeroSloObjective> From(object[] values, BudgetImport import)
    {
        var objectives = new List<HeroSloObjective>();
        var fields = new BudgetFields(null, import);
        for (int i = 0; i < values.Length; i++)
        {
            string label = $"#{i + 1}";
            switch (DictionaryConversion.Unwrap(values[i]))
            {
                case HeroSloObjective objective:
                    objectives.Add(objective);
                    break;
                case IDictionary table:
                    var map = (BudgetMap)BudgetTree.From(PowerShellDataFile.Unwrapped(table))!;
                    objectives.Add(HeroObjectivesShape.Objective(map, fields, string.Empty, label));
                    break;
                case null:
                    throw new HeroSloObjectiveException(label, "Objective", "is empty; give a hashtable such as @{ Name = 'p95'; Metric = 'duration'; Threshold = 'p(95) < 20s' }.");
                case object other:
                    throw new HeroSloObjectiveException(label, "Objective", $"is a {other.GetType().Name}; give a hashtable or an objective from Import-HeroBudget.");
            }
        }

        return objectives;
    }
}
