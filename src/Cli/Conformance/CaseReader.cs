using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Json;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Cli.Conformance;

/// <summary>Typed reads of a case's <c>options</c> and <c>data</c>, with errors that name the field.</summary>
public static class CaseReader
{
    /// <summary>A required numeric column; a JSON null becomes NaN so that the engine's own validation names the row.</summary>
    public static double[] Numbers(JsonObject node, string field) =>
        OptionalNumbers(node, field) ?? throw new FormatException($"data.{field} is required");

    /// <summary>An optional numeric column.</summary>
    public static double[]? OptionalNumbers(JsonObject node, string field)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node[field] switch
        {
            null => null,
            JsonArray array => array.Select(e => e is null ? double.NaN : e.GetValue<double>()).ToArray(),
            JsonValue value => [value.GetValue<double>()],
            _ => throw new FormatException($"data.{field} must be an array of numbers"),
        };
    }

    /// <summary>A required column of labels (numbers are turned into their text).</summary>
    public static string[] Labels(JsonObject node, string field)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node[field] is not JsonArray array)
        {
            throw new FormatException($"data.{field} is required (an array)");
        }

        return array.Select(e => e is null ? string.Empty : LabelOf(e)).ToArray();
    }

    /// <summary>An optional string option.</summary>
    public static string? Text(JsonObject node, string field) => JsonValues.Text(node, field);

    /// <summary>An optional numeric option.</summary>
    public static double? Number(JsonObject node, string field) => JsonValues.Number(node, field);

    /// <summary>
    /// The <c>level</c> option (0.95 when absent); as metafor, a value from 1 up to 100 is a percentage.
    /// </summary>
    public static double Level(JsonObject options)
    {
        var level = Number(options, "level") ?? 0.95;
        return level >= 1 && level < 100 ? level / 100.0 : level;
    }

    /// <summary>
    /// The <c>data.moderators</c> object, in the given order: numeric arrays become continuous
    /// moderators, arrays of strings categorical ones (first level in sorted order as reference).
    /// </summary>
    public static IReadOnlyList<Moderator> Moderators(JsonObject data) => Moderators(data, "moderators");

    /// <summary>As <see cref="Moderators(JsonObject)"/>, for the moderators under <paramref name="field"/> (e.g. <c>scale_moderators</c>).</summary>
    public static IReadOnlyList<Moderator> Moderators(JsonObject data, string field)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data[field] is not JsonObject moderators)
        {
            return [];
        }

        var result = new List<Moderator>();
        foreach (var (name, node) in moderators)
        {
            if (node is not JsonArray array)
            {
                throw new FormatException($"data.{field}.{name} must be an array");
            }

            var isText = array.Any(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.String);
            result.Add(isText
                ? Moderator.Categorical(name, array.Select(e => e is null ? string.Empty : LabelOf(e)).ToArray())
                : Moderator.Continuous(name, array.Select(e => e is null ? double.NaN : e.GetValue<double>()).ToArray()));
        }

        return result;
    }

    private static string LabelOf(JsonNode node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
        ? v.GetValue<double>().ToString(CultureInfo.InvariantCulture)
        : node.ToString();
}
