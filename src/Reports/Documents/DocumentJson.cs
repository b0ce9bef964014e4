using System.Text.Json.Nodes;
using Google.Protobuf;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Reports.Documents;

/// <summary>
/// The JSON of a document: one schema for a local run (<c>compare --json</c>) and a remote batch
/// (<c>get BATCH_ID --json</c>), every figure under the contract's field names, and everything that
/// differs between the two — ids, times, host, versions — in one top-level object, <c>run</c>.
/// </summary>
public static class DocumentJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(true));

    /// <summary>The document as a JSON object.</summary>
    public static JsonObject Write(AnalysisDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var models = new JsonArray();
        foreach (var model in document.Models)
        {
            var entry = new JsonObject { ["name"] = model.Name, ["state"] = Enum(model.State) };
            if (model.Result is { } result)
            {
                entry["result"] = Message(result);
            }

            if (model.Failure is { } failure)
            {
                entry["failure"] = Message(failure);
            }

            models.Add(entry);
        }

        // The job ids are the run's, not the analysis's: the rows are compared without them.
        var comparison = document.Comparison.Clone();
        foreach (var row in comparison.Rows)
        {
            row.JobId = string.Empty;
        }

        return new JsonObject
        {
            ["title"] = document.Title,
            ["k"] = document.K,
            ["studies"] = document.Studies,
            ["measure"] = document.Measure,
            ["data"] = Message(document.Data),
            ["models"] = models,
            ["comparison"] = Message(comparison),
            ["run"] = Run(document.Run),
        };
    }

    private static JsonObject Run(RunInformation run)
    {
        var json = new JsonObject
        {
            ["where"] = run.Where,
            ["started_utc"] = run.StartedUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["seconds"] = run.Seconds,
            ["command_line"] = run.CommandLine,
            ["cli_version"] = run.CliVersion,
            ["core_version"] = run.CoreVersion,
            ["runtime"] = run.Runtime,
            ["platform"] = run.Platform,
            ["libraries"] = new JsonObject(run.Libraries.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
        };
        if (run.BatchId is { } batch)
        {
            json["batch_id"] = batch;
        }

        if (run.JobIds is { } jobs)
        {
            json["job_ids"] = new JsonObject(jobs.Select(j => KeyValuePair.Create(j.Key, (JsonNode?)j.Value)));
        }

        return json;
    }

    private static JsonNode Message(IMessage message) => JsonNode.Parse(Formatter.Format(message))!;

    private static string Enum(JobState state) => state.ToString().ToLowerInvariant();
}
