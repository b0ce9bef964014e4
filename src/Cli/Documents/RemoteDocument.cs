using MetaAnalysis.Analysis.Running;
using MetaAnalysis.ClientSdk;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Reports.Documents;

namespace MetaAnalysis.Cli.Documents;

/// <summary>A batch on the service as the same document a local run produces: its jobs' results, its comparison and the data its jobs carry.</summary>
public static class RemoteDocument
{
    /// <summary>The document of batch <paramref name="batchId"/>.</summary>
    public static async Task<AnalysisDocument> FetchAsync(IMetaAnalysisClient client, string batchId, Uri server, string commandLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var batch = await client.GetBatchAsync(batchId, cancellationToken).ConfigureAwait(false);
        var data = batch.Jobs.Count == 0
            ? new DataSet()
            : (await client.GetJobAsync(batch.Jobs[0].JobId, includeSpec: true, cancellationToken).ConfigureAwait(false)).Spec.Data;
        return Of(batch, data, server, commandLine);
    }

    /// <summary>The document of one job (a model submitted on its own).</summary>
    public static async Task<AnalysisDocument> FetchJobAsync(IMetaAnalysisClient client, string jobId, Uri server, string commandLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var job = await client.GetJobAsync(jobId, includeSpec: true, cancellationToken).ConfigureAwait(false);
        // A job submitted on its own has no name in a batch: its id names it.
        if (job.Name.Length == 0)
        {
            job.Name = job.JobId;
        }

        var batch = new Batch { BatchId = job.BatchId, Jobs = { job }, Title = job.Name };
        return Of(batch, job.Spec.Data, server, commandLine);
    }

    /// <summary>The document of <paramref name="batch"/> fitted to <paramref name="data"/>.</summary>
    public static AnalysisDocument Of(Batch batch, DataSet data, Uri server, string commandLine)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(server);
        var models = batch.Jobs.Select(j => new ModelOutcome(j.Name, j.State, j.Result, j.Failure)).ToArray();
        var started = batch.Jobs.Count == 0 ? DateTimeOffset.UtcNow : batch.Jobs.Min(j => j.CreatedAt.ToDateTimeOffset());
        var ended = batch.Jobs.Count == 0 ? started : batch.Jobs.Max(j => j.UpdatedAt.ToDateTimeOffset());
        var run = RunInformation.Capture(started, (ended - started).TotalSeconds, commandLine) with
        {
            Where = server.ToString(),
            BatchId = batch.BatchId,
            JobIds = batch.Jobs.ToDictionary(j => j.Name, j => j.JobId, StringComparer.Ordinal),
        };
        return new AnalysisDocument(batch.Title.Length > 0 ? batch.Title : batch.BatchId, data, models, batch.Comparison ?? new ComparisonTable(), run, null);
    }
}
