using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Server.Storage;

/// <summary>Told by the store, after a commit, what became visible to readers.</summary>
public interface IStoreListener
{
    /// <summary>Jobs were queued (new or requeued); waiting workers may lease them.</summary>
    void JobsQueued();

    /// <summary>Events were committed (with their sequence numbers, in order); each belongs to its job's and its batch's stream.</summary>
    void EventsAppended(IReadOnlyList<JobEvent> events);

    /// <summary>
    /// Commits may have been made that were not announced (a store shared by several servers lost its
    /// notifications for a while): whoever relies on announcements must read the store again.
    /// </summary>
    void AnnouncementsLost();
}
