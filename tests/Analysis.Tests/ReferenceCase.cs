using System.Text.Json.Nodes;

namespace MetaAnalysis.Analysis.Tests;

/// <summary>
/// A shared conformance case (figures from metafor, exact integration or long Stan runs), read from the
/// folder <c>shared/reference/cases</c> beside the repository.
/// </summary>
internal sealed class ReferenceCase
{
    private readonly JsonObject root;

    private ReferenceCase(JsonObject root) => this.root = root;

    public static ReferenceCase Load(string id) => new(JsonNode.Parse(File.ReadAllText(PathOf(id)))!.AsObject());

    /// <summary>The case file of <paramref name="id"/>.</summary>
    public static string PathOf(string id)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MetaAnalysis.slnx")))
        {
            directory = directory.Parent;
        }

        var root = directory?.Parent ?? throw new DirectoryNotFoundException("the repository root (MetaAnalysis.slnx) is not above the test assembly");
        return Path.Combine(root.FullName, "shared", "reference", "cases", id + ".json");
    }

    /// <summary>A text option of the case.</summary>
    public string Option(string name) => root["options"]![name]!.GetValue<string>();

    /// <summary>A numeric option of the case.</summary>
    public double OptionNumber(string name) => root["options"]![name]!.GetValue<double>();

    /// <summary>A numeric list option of the case; empty when the case has none.</summary>
    public double[] OptionNumbers(string name) => root["options"]![name]?.AsArray().Select(v => v!.GetValue<double>()).ToArray() ?? [];

    /// <summary>A numeric data column.</summary>
    public double[] Numbers(string column) => root["data"]![column]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    /// <summary>A numeric moderator of the data.</summary>
    public double[] Moderator(string name) => root["data"]!["moderators"]![name]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    /// <summary>The numeric columns of a group of the data (<c>moderators</c>, <c>scale_moderators</c>) by name, in file order; empty when the case has none.</summary>
    public IReadOnlyList<(string Name, double[] Values)> Columns(string group) =>
        root["data"]![group]?.AsObject().Select(c => (c.Key, c.Value!.AsArray().Select(v => v!.GetValue<double>()).ToArray())).ToArray() ?? [];

    /// <summary>A text data column (numbers are turned into their text).</summary>
    public string[] Texts(string column) => root["data"]![column]!.AsArray().Select(v => v!.ToString()).ToArray();

    /// <summary>An expected figure by its path, e.g. <c>mu.mean</c> or <c>sigma2[1]</c>.</summary>
    public double Expected(string path)
    {
        JsonNode node = root["expected"]!;
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = bracket < 0
                ? node[part]!
                : node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
        }

        return node.GetValue<double>();
    }

    /// <summary>Whether <paramref name="actual"/> is within the case's tolerance of the expected figure at <paramref name="path"/>.</summary>
    public void AssertClose(string path, double actual)
    {
        var expected = Expected(path);
        var tolerance = root["tolerance"]!;
        var allowed = (tolerance["absolute"]?.GetValue<double>() ?? 0) + ((tolerance["relative"]?.GetValue<double>() ?? 0) * Math.Abs(expected));
        Assert.True(Math.Abs(actual - expected) <= allowed, $"{path}: expected {expected} ± {allowed}, got {actual}");
    }
}
