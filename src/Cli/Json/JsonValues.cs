using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Json;

/// <summary>
/// Typed reads of optional members of a JSON object (a plan file, a prior, a conformance case). A member of
/// the wrong kind is an <see cref="InvalidInputException"/> naming its field path, e.g.
/// <c>models[2].priors.tau.scale</c>.
/// </summary>
public static class JsonValues
{
    /// <summary>The path of member <paramref name="name"/> under <paramref name="path"/> (no prefix when <paramref name="path"/> is empty).</summary>
    public static string Field(string path, string name) => string.IsNullOrEmpty(path) ? name : $"{path}.{name}";

    /// <summary>An optional string; numbers and booleans are given as their text.</summary>
    public static string? Text(JsonObject node, string name, string path = "")
    {
        ArgumentNullException.ThrowIfNull(node);
        return node[name] switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => throw new InvalidInputException(Field(path, name), "must be a text value"),
        };
    }

    /// <summary>An optional number.</summary>
    public static double? Number(JsonObject node, string name, string path = "")
    {
        ArgumentNullException.ThrowIfNull(node);
        return node[name] switch
        {
            null => null,
            var value => NumberOf(value, Field(path, name)),
        };
    }

    /// <summary>An optional whole number.</summary>
    public static int? WholeNumber(JsonObject node, string name, string path = "")
    {
        var value = Number(node, name, path);
        if (value is null)
        {
            return null;
        }

        return value == Math.Floor(value.Value) && Math.Abs(value.Value) <= int.MaxValue
            ? (int)value.Value
            : throw new InvalidInputException(Field(path, name), string.Create(CultureInfo.InvariantCulture, $"must be a whole number, got {value}"));
    }

    /// <summary>An optional true/false flag.</summary>
    public static bool? Flag(JsonObject node, string name, string path = "")
    {
        ArgumentNullException.ThrowIfNull(node);
        return node[name] switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.True => true,
            JsonValue value when value.GetValueKind() == JsonValueKind.False => false,
            _ => throw new InvalidInputException(Field(path, name), "must be true or false"),
        };
    }

    /// <summary>An optional array of numbers (a single number is an array of one); a JSON null element is NaN.</summary>
    public static double[]? Numbers(JsonObject node, string name, string path = "")
    {
        ArgumentNullException.ThrowIfNull(node);
        var field = Field(path, name);
        return node[name] switch
        {
            null => null,
            JsonArray array => array.Select((e, i) => e is null ? double.NaN : NumberOf(e, $"{field}[{i}]")).ToArray(),
            var value => [NumberOf(value, field)],
        };
    }

    /// <summary>An optional list of strings (a single string is a list of one).</summary>
    public static string[]? TextList(JsonObject node, string name, string path = "")
    {
        ArgumentNullException.ThrowIfNull(node);
        var field = Field(path, name);
        return node[name] switch
        {
            null => null,
            JsonArray array => array.Select((e, i) => e is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>()
                : throw new InvalidInputException($"{field}[{i}]", "must be a text value")).ToArray(),
            _ => [Text(node, name, path)!],
        };
    }

    /// <summary>An optional object.</summary>
    public static JsonObject? Child(JsonObject node, string name, string path = "")
    {
        ArgumentNullException.ThrowIfNull(node);
        return node[name] switch
        {
            null => null,
            JsonObject value => value,
            _ => throw new InvalidInputException(Field(path, name), "must be an object with named members"),
        };
    }

    private static double NumberOf(JsonNode node, string field) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? value.GetValue<double>()
            : throw new InvalidInputException(field, $"must be a number, got {node.ToJsonString()}");
}
