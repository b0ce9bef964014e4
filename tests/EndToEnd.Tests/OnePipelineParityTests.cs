using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;

namespace MetaAnalysis.EndToEnd.Tests;

/// <summary>
/// A plan run locally and the same plan run on the service give the same document: `compare PLAN --json`
/// and `get BATCH_ID --json` after `submit PLAN --watch` print the same JSON, figure for figure, apart from
/// the top-level `run` object; `report PLAN` and `report BATCH_ID` write reports with the same sections and
/// the same number of figures. Real processes: a server with in-process workers, and the command line.
/// </summary>
public sealed partial class OnePipelineParityTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("parity-");

    [Theory]
    [InlineData("rtms", 9)]
    [InlineData("sat-coaching", 9)]
    [InlineData("hackshaw", 7)]
    public async Task LocalAndRemote_SamePlan_SameDocumentAndReport(string example, int models)
    {
        using var cluster = new ServiceCluster(inProcessWorkers: 2);
        await cluster.StartServerAsync();
        var plan = Path.Combine(RepositoryPaths.Root, "examples", example, "plan.yaml");
        string[] remote = ["--server", cluster.Address.ToString(), "--api-key", ServiceCluster.KeyA];

        var local = await CliRun.RunAsync(folder.FullName, Timeout, "compare", plan, "--json");
        var submitted = await CliRun.RunAsync(folder.FullName, Timeout, ["submit", plan, "--watch", "--json", .. remote]);
        Assert.True(local.ExitCode == 0, local.Error);
        Assert.True(submitted.ExitCode == 0, submitted.Error);
        var batchId = BatchId().Match(submitted.Output).Value;
        var fetched = await CliRun.RunAsync(folder.FullName, Timeout, ["get", batchId, "--json", .. remote]);
        Assert.True(fetched.ExitCode == 0, fetched.Error);

        var localDocument = JsonNode.Parse(local.Output)!.AsObject();
        var remoteDocument = JsonNode.Parse(fetched.Output)!.AsObject();
        Assert.Equal("local", localDocument["run"]!["where"]!.GetValue<string>());
        Assert.Equal(batchId, remoteDocument["run"]!["batch_id"]!.GetValue<string>());
        localDocument.Remove("run");
        remoteDocument.Remove("run");
        Assert.True(JsonNode.DeepEquals(localDocument, remoteDocument), FirstDifference(localDocument, remoteDocument));
        Assert.True(localDocument["models"]!.AsArray().Count >= models);

        var localReport = Path.Combine(folder.FullName, "local.html");
        var remoteReport = Path.Combine(folder.FullName, "remote.html");
        Assert.Equal(0, (await CliRun.RunAsync(folder.FullName, Timeout, "report", plan, "--out", localReport)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(folder.FullName, Timeout, ["report", batchId, "--out", remoteReport, .. remote])).ExitCode);
        var localHtml = await File.ReadAllTextAsync(localReport);
        var remoteHtml = await File.ReadAllTextAsync(remoteReport);
        Assert.Equal(Sections(localHtml), Sections(remoteHtml));
        Assert.Equal(Figures(localHtml), Figures(remoteHtml));
        Assert.True(Figures(localHtml).Count > 10);
    }

    public void Dispose() => folder.Delete(recursive: true);

    private static List<string> Sections(string html) => Section().Matches(html).Select(m => m.Value).ToList();

    private static List<string> Figures(string html) => Figure().Matches(html).Select(m => m.Groups["id"].Value).ToList();

    /// <summary>The path of the first value that differs, so that a failure says where.</summary>
    private static string FirstDifference(JsonNode? a, JsonNode? b, string path = "$")
    {
        if (a is JsonObject x && b is JsonObject y)
        {
            foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
            {
                if (!JsonNode.DeepEquals(x[key], y[key]))
                {
                    return FirstDifference(x[key], y[key], $"{path}.{key}");
                }
            }
        }
        else if (a is JsonArray u && b is JsonArray v && u.Count == v.Count)
        {
            for (var i = 0; i < u.Count; i++)
            {
                if (!JsonNode.DeepEquals(u[i], v[i]))
                {
                    return FirstDifference(u[i], v[i], $"{path}[{i}]");
                }
            }
        }

        return $"{path}: local {a?.ToJsonString() ?? "null"}, remote {b?.ToJsonString() ?? "null"}";
    }

    [GeneratedRegex("batch_[0-9a-f]+")]
    private static partial Regex BatchId();

    [GeneratedRegex("<h2 id=\"[^\"]+\">[^<]*</h2>")]
    private static partial Regex Section();

    [GeneratedRegex("<figure id=\"(?<id>[^\"]+)\"")]
    private static partial Regex Figure();
}
