using MetaAnalysis.Analysis.Running;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Reports.Documents;

/// <summary>
/// Work done on the service as the same document a local run produces: a batch's (or a single job's) results,
/// its comparison and the data its jobs carry. The command line's <c>report BATCH_ID</c> and the server's
/// dashboard both render a batch through this, so they show the same report.
/// </summary>
public static class ServiceDocument
{
    /// <summary>The document of <paramref name="batch"/> fitted to <paramref name="data"/>, run at <paramref name="where"/> (the server's address).</summary>
    public static AnalysisDocument OfBatch(Batch batch, DataSet data, string where, string commandLine)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(data);
        var models = batch.Jobs.Select(j => new ModelOutcome(j.Name, j.State, j.Result, j.Failure)).ToArray();
        var started = batch.Jobs.Count == 0 ? DateTimeOffset.UtcNow : batch.Jobs.Min(j => j.CreatedAt.ToDateTimeOffset());
        var ended = batch.Jobs.Count == 0 ? started : batch.Jobs.Max(j => j.UpdatedAt.ToDateTimeOffset());
        var run = RunInformation.Capture(started, (ended - started).TotalSeconds, commandLine) with
        {
            Where = where,
            BatchId = batch.BatchId,
            JobIds = batch.Jobs.ToDictionary(j => j.Name, j => j.JobId, StringComparer.Ordinal),
        };
        return new AnalysisDocument(batch.Title.Length > 0 ? batch.Title : batch.BatchId, data, models, batch.Comparison ?? new ComparisonTable(), run, null);
    }

    /// <summary>The document of one job submitted on its own, read with its spec.</summary>
    public static AnalysisDocument OfJob(Job job, string where, string commandLine)
    {
        ArgumentNullException.ThrowIfNull(job);
        var named = job.Clone();

        // A job submitted on its own has no name in a batch: its id names it.
        if (named.Name.Length == 0)
        {
            named.Name = named.JobId;
        }

        var batch = new Batch { BatchId = named.BatchId, Jobs = { named }, Title = named.Name };
        return OfBatch(batch, named.Spec?.Data ?? new DataSet(), where, commandLine);
    }
}
