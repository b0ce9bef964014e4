using System.Globalization;
using System.Text.Json.Nodes;
using MetaAnalysis.Core.Validation;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;
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
    /// <remarks>
    /// YamlDotNet reports most syntax errors as a <see cref="YamlException"/> with the place, but some (an
    /// unclosed flow mapping followed by a plain scalar, <c>data: { file: a.csv</c> then <c>models: x: y</c>)
    /// as an <see cref="InvalidOperationException"/> of its scanner with no place at all: those are located
    /// at the bracket still open, else where the scanner stopped.
    /// </remarks>
    public static JsonNode? Convert(string text, string source)
    {
        var stream = new YamlStream();
        var scanner = new BracketTrackingScanner(new Scanner(new StringReader(text)));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException ex)
        {
            throw Error(source, ex.Start, ex.Message);
        }
        catch (InvalidOperationException)
        {
            throw scanner.Open is { } open
                ? Error(source, open.Start, $"this '{(open is FlowMappingStart ? '{' : '[')}' is not closed")
                : Error(source, scanner.CurrentPosition, "this is not valid YAML");
        }

        return stream.Documents.Count == 0 ? null : Node(stream.Documents[0].RootNode, source);
    }

    private static InvalidInputException Error(string source, Mark place, string problem) =>
        new(source, string.Create(CultureInfo.InvariantCulture, $"line {place.Line}, column {place.Column}: {problem}"));

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

    /// <summary>The scanner the parser reads, keeping the flow brackets (<c>{</c>, <c>[</c>) opened and not yet closed.</summary>
    private sealed class BracketTrackingScanner(Scanner scanner) : IScanner
    {
        private readonly Stack<Token> open = new();

        /// <summary>The innermost bracket still open; null when none is.</summary>
        public Token? Open => open.Count > 0 ? open.Peek() : null;

        public Mark CurrentPosition => scanner.CurrentPosition;

        public Token? Current => scanner.Current;

        public bool MoveNext() => scanner.MoveNext();

        public bool MoveNextWithoutConsuming() => scanner.MoveNextWithoutConsuming();

        public void ConsumeCurrent()
        {
            switch (scanner.Current)
            {
                case FlowMappingStart or FlowSequenceStart:
                    open.Push(scanner.Current);
                    break;
                case FlowMappingEnd or FlowSequenceEnd when open.Count > 0:
                    open.Pop();
                    break;
            }

            scanner.ConsumeCurrent();
        }
    }
}
