using System.Text.Json.Nodes;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

/// <summary>Reads a shared reference case (figures computed outside this project) for checks of the sampler.</summary>
internal sealed class ReferenceCaseFile
{
    private ReferenceCaseFile(JsonObject root)
    {
        Data = (JsonObject)root["data"]!;
        Expected = (JsonObject)root["expected"]!;
        Options = root["options"] as JsonObject ?? [];
    }

    public JsonObject Options { get; }

    public JsonObject Data { get; }

    public JsonObject Expected { get; }

    public static ReferenceCaseFile Load(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MetaAnalysis.slnx")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.Parent?.FullName ?? throw new DirectoryNotFoundException("repository root not found"), "shared", "reference", "cases", name);
        return new ReferenceCaseFile((JsonObject)JsonNode.Parse(File.ReadAllText(path))!);
    }

    public double[] Numbers(string field) => ((JsonArray)Data[field]!).Select(e => e!.GetValue<double>()).ToArray();

    public string[] Labels(string field) => ((JsonArray)Data[field]!).Select(e => e!.ToString()).ToArray();

    public double[] Moderator(string name) => ((JsonArray)Data["moderators"]![name]!).Select(e => e!.GetValue<double>()).ToArray();

    /// <summary>The expected {mean sd median q025 q975} of a figure (or of element <paramref name="index"/> of an array figure).</summary>
    public (double Mean, double Sd, double Median, double Q025, double Q975) Summary(string figure, int? index = null)
    {
        var node = index is { } i ? Expected[figure]![i]! : Expected[figure]!;
        return (node["mean"]!.GetValue<double>(), node["sd"]!.GetValue<double>(), node["median"]!.GetValue<double>(),
            node["q025"]!.GetValue<double>(), node["q975"]!.GetValue<double>());
    }
}
