using System.Globalization;
using System.Text.Json.Nodes;
using MetaAnalysis.Core.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// Turns a YAML document into the JSON tree the plan reader reads, so that YAML and JSON plans share one
/// reader and one set of error messages. Plain scalars that look like numbers, booleans or null become
/// those; quoted scalars stay text.
/// </summary>
public static class YamlToJson
{
    /// <summary>Converts <paramref name="text"/>; a syntax error names the line and column.</summary>
    public static JsonNode? Convert(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new InvalidInputException(source, string.Create(CultureInfo.InvariantCulture, $"line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}"));
        }

        return stream.Documents.Count == 0 ? null : Node(stream.Documents[0].RootNode, source);
    }

    private static JsonNode? Node(YamlNode node, string source) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping, source),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(c => Node(c, source)).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidInputException(source, string.Create(CultureInfo.InvariantCulture, $"line {node.Start.Line}: aliases and tags are not supported")),
    };

    private static JsonObject Mapping(YamlMappingNode mapping, string source)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value
                ?? throw new InvalidInputException(source, string.Create(CultureInfo.InvariantCulture, $"line {key.Start.Line}: keys must be plain names"));
            if (result.ContainsKey(name))
            {
                throw new InvalidInputException(source, string.Create(CultureInfo.InvariantCulture, $"line {key.Start.Line}: key '{name}' appears twice"));
            }

            result[name] = Node(value, source);
        }

        return result;
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (value is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? JsonValue.Create(number)
            : JsonValue.Create(value);
    }
}
