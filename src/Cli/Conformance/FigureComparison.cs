using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaAnalysis.Cli.Conformance;

/// <summary>One expected figure that the computed result did not match.</summary>
public sealed record FigureMismatch(string Figure, string Expected, string Computed);

/// <summary>
/// Compares a case's expected figures with the computed ones, following the reference README: arrays
/// element by element, null elements and figures the task does not produce are not compared, summaries
/// with <c>mcse</c> matched within Monte Carlo error.
/// </summary>
public static class FigureComparison
{
    /// <summary>Every mismatch, and the expected figures the task did not produce (reported, not failed).</summary>
    public static (IReadOnlyList<FigureMismatch> Mismatches, IReadOnlyList<string> NotProduced) Compare(
        JsonObject expected, JsonObject computed, Tolerance tolerance)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(computed);
        ArgumentNullException.ThrowIfNull(tolerance);
        var mismatches = new List<FigureMismatch>();
        var notProduced = new List<string>();
        CompareObject(string.Empty, expected, computed, tolerance, mismatches, notProduced);
        return (mismatches, notProduced);
    }

    private static void CompareObject(string path, JsonObject expected, JsonObject computed, Tolerance tolerance, List<FigureMismatch> mismatches, List<string> notProduced)
    {
        var expectedMcse = expected["mcse"] as JsonObject;
        var computedMcse = computed["mcse"] as JsonObject;
        foreach (var (name, node) in expected)
        {
            if (node is null || name == "mcse")
            {
                continue;
            }

            var figure = path.Length == 0 ? name : $"{path}.{name}";
            var actual = computed[name];
            if (actual is null)
            {
                notProduced.Add(figure);
                continue;
            }

            switch (node)
            {
                case JsonObject expectedObject when actual is JsonObject computedObject:
                    CompareObject(figure, expectedObject, computedObject, tolerance, mismatches, notProduced);
                    break;
                case JsonObject:
                    mismatches.Add(new FigureMismatch(figure, node.ToJsonString(), actual.ToJsonString()));
                    break;
                case JsonArray expectedArray:
                    CompareArray(figure, expectedArray, AsArray(actual), tolerance, mismatches, notProduced);
                    break;
                case JsonValue expectedValue when expectedValue.GetValueKind() == JsonValueKind.String:
                    if (actual.ToString() != expectedValue.ToString())
                    {
                        mismatches.Add(new FigureMismatch(figure, expectedValue.ToString(), actual.ToString()));
                    }

                    break;
                case JsonValue expectedValue:
                    var computedArray = AsArray(actual);
                    if (computedArray.Count != 1 || computedArray[0] is not JsonValue single)
                    {
                        mismatches.Add(new FigureMismatch(figure, expectedValue.ToJsonString(), actual.ToJsonString()));
                        break;
                    }

                    CompareNumber(figure, expectedValue, single, McseOf(expectedMcse, name), McseOf(computedMcse, name), tolerance, mismatches);
                    break;
            }
        }
    }

    private static void CompareArray(string figure, JsonArray expected, JsonArray computed, Tolerance tolerance, List<FigureMismatch> mismatches, List<string> notProduced)
    {
        if (expected.Count != computed.Count)
        {
            mismatches.Add(new FigureMismatch(figure, $"{expected.Count} values", $"{computed.Count} values"));
            return;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var element = string.Create(CultureInfo.InvariantCulture, $"{figure}[{i}]");
            if (expected[i] is JsonObject expectedObject)
            {
                // An array of summaries (one per coefficient): each compared as a summary object.
                if (computed[i] is JsonObject computedObject)
                {
                    CompareObject(element, expectedObject, computedObject, tolerance, mismatches, notProduced);
                }
                else
                {
                    mismatches.Add(new FigureMismatch(element, expectedObject.ToJsonString(), computed[i]?.ToJsonString() ?? "null"));
                }

                continue;
            }

            if (expected[i] is not JsonValue e)
            {
                continue;
            }

            if (computed[i] is not JsonValue c)
            {
                mismatches.Add(new FigureMismatch(element, e.ToJsonString(), "null"));
                continue;
            }

            CompareNumber(element, e, c, null, null, tolerance, mismatches);
        }
    }

    private static void CompareNumber(string figure, JsonValue expected, JsonValue computed, double? expectedMcse, double? computedMcse, Tolerance tolerance, List<FigureMismatch> mismatches)
    {
        if (expected.GetValueKind() == JsonValueKind.String || computed.GetValueKind() == JsonValueKind.String)
        {
            if (expected.ToString() != computed.ToString())
            {
                mismatches.Add(new FigureMismatch(figure, expected.ToString(), computed.ToString()));
            }

            return;
        }

        var e = ToDouble(expected);
        var c = ToDouble(computed);
        if (!tolerance.Matches(e, c, expectedMcse, computedMcse))
        {
            mismatches.Add(new FigureMismatch(figure, Format(e), Format(c)));
        }
    }

    private static double ToDouble(JsonValue value) =>
        value.TryGetValue<double>(out var d) ? d
        : value.TryGetValue<int>(out var i) ? i
        : value.TryGetValue<long>(out var l) ? l
        : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);

    private static JsonArray AsArray(JsonNode node) => node as JsonArray ?? [node.DeepClone()];

    private static double? McseOf(JsonObject? mcse, string name) => mcse?[name] is JsonValue v ? ToDouble(v) : null;

    private static string Format(double value) => value.ToString("G10", CultureInfo.InvariantCulture);
}
