using Google.Protobuf;
using MetaAnalysis.Analysis.Comparison;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Server.Storage;

namespace MetaAnalysis.Server.Batches;

/// <summary>
/// A batch finishes with its last job: whichever transition ends that job (result, failure, cancel, lost
/// worker) makes the comparison table in the same transaction and appends the batch's last event, so a
/// finished batch is never seen without its table nor a table before its last job ended.
/// </summary>
internal static class BatchCompletion
{
    /// <summary>Counts a job of <paramref name="batchId"/> (if any) as ended; when it was the last open one, completes the batch.</summary>
    public static async ValueTask JobEndedAsync(IJobTransaction transaction, string? batchId)
    {
        if (batchId is null || await transaction.CountEndedJobAsync(batchId).ConfigureAwait(false) > 0)
        {
            return;
        }

        var outcomes = await transaction.ReadBatchOutcomesAsync(batchId).ConfigureAwait(false);
        var comparison = ComparisonTableBuilder.Build(outcomes.Select(ToComparisonInput).ToList());
        await transaction.SaveComparisonAsync(batchId, comparison.ToByteArray()).ConfigureAwait(false);
        await transaction.AppendEventAsync(new JobEvent { BatchId = batchId, BatchCompleted = new JobEvent.Types.BatchCompleted { Comparison = comparison } }).ConfigureAwait(false);
    }

    /// <summary>A model's row of the table: only a job that succeeded contributes its figures; the others are missing.</summary>
    internal static ComparisonInput ToComparisonInput(BatchJobOutcome job) => new(
        job.Name,
        job.JobId,
        job.State == JobState.Succeeded && job.Result is not null ? FitResult.Parser.ParseFrom(job.Result) : null);
}
