using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaAnalysis.Cli.Conformance;

/// <summary>One case file: an analysis with its expected figures (format: the reference README).</summary>
public sealed class ConformanceCase
{
    private ConformanceCase(string file, string id, string task, JsonObject options, JsonObject data, JsonObject expected, Tolerance tolerance)
    {
        File = file;
        Id = id;
        Task = task;
        Options = options;
        Data = data;
        Expected = expected;
        Tolerance = tolerance;
    }

    /// <summary>The file the case was read from.</summary>
    public string File { get; }

    /// <summary>The case's id (the file name when the case has none).</summary>
    public string Id { get; }

    /// <summary>The task, e.g. <c>rma</c> or <c>bayes_rma</c>.</summary>
    public string Task { get; }

    /// <summary>The analysis options.</summary>
    public JsonObject Options { get; }

    /// <summary>The data columns.</summary>
    public JsonObject Data { get; }

    /// <summary>The expected figures.</summary>
    public JsonObject Expected { get; }

    /// <summary>How close a computed figure must be.</summary>
    public Tolerance Tolerance { get; }

    /// <summary>Reads and checks the shape of a case file; throws <see cref="FormatException"/> naming what is missing.</summary>
    public static ConformanceCase Load(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(System.IO.File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON: {ex.Message}", ex);
        }

        if (root is not JsonObject obj)
        {
            throw new FormatException("the case is not a JSON object");
        }

        var id = obj["id"]?.GetValue<string>() ?? Path.GetFileNameWithoutExtension(path);
        var task = obj["task"]?.GetValue<string>() ?? throw new FormatException("the case has no 'task'");
        var options = obj["options"] as JsonObject ?? [];
        var data = obj["data"] as JsonObject ?? throw new FormatException("the case has no 'data' object");
        var expected = obj["expected"] as JsonObject ?? throw new FormatException("the case has no 'expected' object");
        var tolerance = Tolerance.From(obj["tolerance"] as JsonObject);
        return new ConformanceCase(path, id, task, options, data, expected, tolerance);
    }
}
