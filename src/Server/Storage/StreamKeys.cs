namespace MetaAnalysis.Server.Storage;

/// <summary>Names of event streams: one per job and one per batch.</summary>
public static class StreamKeys
{
    /// <summary>The stream of a job.</summary>
    public static string Job(string jobId) => "j:" + jobId;

    /// <summary>The stream of a batch (the events of all its jobs and the batch's own).</summary>
    public static string Batch(string batchId) => "b:" + batchId;
}
