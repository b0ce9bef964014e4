using System.Text.Json.Nodes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Plans;

/// <summary>Checks on the members of a plan object.</summary>
public static class PlanFields
{
    /// <summary>Rejects members not in <paramref name="allowed"/>: a misspelt option must not be silently ignored.</summary>
    public static void RequireKnown(JsonObject node, string path, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(allowed);
        foreach (var (name, _) in node)
        {
            if (!allowed.Contains(name))
            {
                var field = string.IsNullOrEmpty(path) ? name : $"{path}.{name}";
                throw new InvalidInputException(field, $"is not a known option here; use one of {string.Join(", ", allowed)}");
            }
        }
    }

    /// <summary>The member's value among <paramref name="choices"/> (case-insensitive), or <paramref name="fallback"/> when absent.</summary>
    public static T Choice<T>(string? value, string field, IReadOnlyDictionary<string, T> choices, T fallback)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (value is null)
        {
            return fallback;
        }

        return choices.TryGetValue(value.Trim().ToLowerInvariant(), out var choice)
            ? choice
            : throw new InvalidInputException(field, $"'{value}' is not one of {string.Join(", ", choices.Keys)}");
    }
}
