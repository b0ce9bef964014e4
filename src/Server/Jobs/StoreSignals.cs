using System.Threading.Channels;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Server.Storage;

namespace MetaAnalysis.Server.Jobs;

/// <summary>
/// Tells whoever waits in this process what the store committed: workers long-polling for a job are
/// woken, and every open stream of a job or batch receives that stream's new events in commit order, so a
/// live watcher is served from memory instead of re-reading the store.
/// </summary>
/// <remarks>
/// A watcher subscribes before it reads the store: an event committed before the subscription is in its
/// read, one committed after is delivered to it, and one in between may come both ways (the watcher skips
/// sequence numbers it has already sent). Subscriptions are removed when disposed, so memory follows the
/// number of open streams, not of jobs.
/// </remarks>
public sealed class StoreSignals : IStoreListener
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<Subscription>> streams = new(StringComparer.Ordinal);
    private TaskCompletionSource queued = NewSource();

    /// <summary>Completes at the next commit that queues a job.</summary>
    public Task NextQueued
    {
        get
        {
            lock (gate)
            {
                return queued.Task;
            }
        }
    }

    /// <summary>Number of streams someone watches (bounded by the open streams).</summary>
    internal int WatchedStreams
    {
        get
        {
            lock (gate)
            {
                return streams.Count;
            }
        }
    }

    /// <summary>Starts receiving the events committed to <paramref name="stream"/> from now on; dispose to stop.</summary>
    public Subscription Subscribe(string stream)
    {
        var subscription = new Subscription(this, stream);
        lock (gate)
        {
            if (!streams.TryGetValue(stream, out var subscribers))
            {
                subscribers = [];
                streams[stream] = subscribers;
            }

            subscribers.Add(subscription);
        }

        return subscription;
    }

    /// <inheritdoc />
    public void JobsQueued()
    {
        TaskCompletionSource previous;
        lock (gate)
        {
            previous = queued;
            queued = NewSource();
        }

        previous.TrySetResult();
    }

    /// <inheritdoc />
    public void EventsAppended(IReadOnlyList<JobEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (gate)
        {
            if (streams.Count == 0)
            {
                return;
            }

            foreach (var item in events)
            {
                Deliver(item.JobId.Length > 0 ? StreamKeys.Job(item.JobId) : null, item);
                Deliver(item.BatchId.Length > 0 ? StreamKeys.Batch(item.BatchId) : null, item);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Every open stream ends with <see cref="StreamInterruptedException"/> (UNAVAILABLE for the client, who
    /// resumes after the last sequence number and so reads what was missed from the store), and waiting
    /// workers look at the queue again.
    /// </remarks>
    public void AnnouncementsLost()
    {
        List<Subscription> interrupted;
        lock (gate)
        {
            interrupted = streams.Values.SelectMany(subscribers => subscribers).ToList();
            streams.Clear();
        }

        foreach (var subscription in interrupted)
        {
            subscription.Events.Writer.TryComplete(new StreamInterruptedException());
        }

        JobsQueued();
    }

    private void Deliver(string? stream, JobEvent item)
    {
        if (stream is not null && streams.TryGetValue(stream, out var subscribers))
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.Events.Writer.TryWrite(item);
            }
        }
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (gate)
        {
            if (streams.TryGetValue(subscription.Stream, out var subscribers) && subscribers.Remove(subscription) && subscribers.Count == 0)
            {
                streams.Remove(subscription.Stream);
            }
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One watcher's feed of a stream's new events.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly StoreSignals owner;
        private bool disposed;

        internal Subscription(StoreSignals owner, string stream)
        {
            this.owner = owner;
            Stream = stream;
        }

        /// <summary>The stream.</summary>
        public string Stream { get; }

        /// <summary>The events committed since the subscription, in order (shared, read-only messages).</summary>
        internal Channel<JobEvent> Events { get; } = Channel.CreateUnbounded<JobEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        /// <summary>Reads the feed.</summary>
        public ChannelReader<JobEvent> Reader => Events.Reader;

        /// <inheritdoc />
        public void Dispose()
        {
            if (!disposed)
            {
                disposed = true;
                owner.Unsubscribe(this);
                Events.Writer.TryComplete();
            }
        }
    }
}
