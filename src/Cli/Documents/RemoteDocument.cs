using MetaAnalysis.ClientSdk;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Reports.Documents;

namespace MetaAnalysis.Cli.Documents;

/// <summary>Reads a batch or job from the service, through the SDK, as the document <see cref="ServiceDocument"/> makes of it.</summary>
public static class RemoteDocument
{
    /// <summary>The document of batch <paramref name="batchId"/>.</summary>
    public static async Task<AnalysisDocument> FetchAsync(IMetaAnalysisClient client, string batchId, Uri server, string commandLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(server);
        var batch = await client.GetBatchAsync(batchId, cancellationToken).ConfigureAwait(false);
        var data = batch.Jobs.Count == 0
            ? new DataSet()
            : (await client.GetJobAsync(batch.Jobs[0].JobId, includeSpec: true, cancellationToken).ConfigureAwait(false)).Spec.Data;
        return ServiceDocument.OfBatch(batch, data, server.ToString(), commandLine);
    }

    /// <summary>The document of one job (a model submitted on its own).</summary>
    public static async Task<AnalysisDocument> FetchJobAsync(IMetaAnalysisClient client, string jobId, Uri server, string commandLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(server);
        var job = await client.GetJobAsync(jobId, includeSpec: true, cancellationToken).ConfigureAwait(false);
        return ServiceDocument.OfJob(job, server.ToString(), commandLine);
    }
}
