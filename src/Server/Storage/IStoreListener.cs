namespace MetaAnalysis.Server.Storage;

/// <summary>Told by the store, after a commit, what became visible to readers.</summary>
public interface IStoreListener
{
    /// <summary>Jobs were queued (new or requeued); waiting workers may lease them.</summary>
    void JobsQueued();

    /// <summary>Events were appended to the streams of these jobs and batches.</summary>
    void EventsAppended(IReadOnlyCollection<string> streams);
}
