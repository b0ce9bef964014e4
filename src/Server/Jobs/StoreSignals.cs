using MetaAnalysis.Server.Storage;

namespace MetaAnalysis.Server.Jobs;

/// <summary>
/// Wakes whoever waits for the store in this process: workers long-polling for a job, and streams waiting
/// for the next event of a job or batch. A waiter takes the signal's task before it reads the store, so a
/// commit between its read and its wait still wakes it.
/// </summary>
public sealed class StoreSignals : IStoreListener
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Waiters> streams = new(StringComparer.Ordinal);
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

    /// <summary>Starts waiting for the next event of <paramref name="stream"/>; dispose the subscription when done.</summary>
    public Subscription Subscribe(string stream)
    {
        lock (gate)
        {
            if (!streams.TryGetValue(stream, out var waiters))
            {
                waiters = new Waiters();
                streams[stream] = waiters;
            }

            waiters.Count++;
            return new Subscription(this, stream, waiters.Source.Task);
        }
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
    public void EventsAppended(IReadOnlyCollection<string> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        List<TaskCompletionSource>? woken = null;
        lock (gate)
        {
            foreach (var stream in streams)
            {
                if (this.streams.TryGetValue(stream, out var waiters))
                {
                    (woken ??= []).Add(waiters.Source);
                    waiters.Source = NewSource();
                }
            }
        }

        foreach (var source in woken ?? [])
        {
            source.TrySetResult();
        }
    }

    /// <summary>Number of streams someone waits on (bounded by the open streams; for tests of memory use).</summary>
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

    private void Unsubscribe(string stream)
    {
        lock (gate)
        {
            if (streams.TryGetValue(stream, out var waiters) && --waiters.Count == 0)
            {
                streams.Remove(stream);
            }
        }
    }

    private Task Renew(string stream)
    {
        lock (gate)
        {
            return streams[stream].Source.Task;
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A waiter on one stream.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly StoreSignals owner;
        private readonly string stream;
        private bool disposed;

        internal Subscription(StoreSignals owner, string stream, Task next)
        {
            this.owner = owner;
            this.stream = stream;
            Next = next;
        }

        /// <summary>Completes at the next commit that appends to the stream.</summary>
        public Task Next { get; private set; }

        /// <summary>Takes the signal for the commit after the current one; call before reading the store again.</summary>
        public void Rearm() => Next = owner.Renew(stream);

        /// <inheritdoc />
        public void Dispose()
        {
            if (!disposed)
            {
                disposed = true;
                owner.Unsubscribe(stream);
            }
        }
    }

    private sealed class Waiters
    {
        public TaskCompletionSource Source { get; set; } = NewSource();

        public int Count { get; set; }
    }
}
