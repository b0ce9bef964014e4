using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using MetaAnalysis.Contracts.V1;
using Npgsql;

namespace MetaAnalysis.Server.Storage.Postgres;

/// <summary>
/// Tells this replica's <see cref="IStoreListener"/> what every replica commits, through PostgreSQL's
/// LISTEN/NOTIFY: each write sends, inside its transaction, a notification with the sequence numbers of
/// its events and the change it made to the queue; PostgreSQL delivers notifications only after commit and
/// in commit order, so each stream's events reach the listener in order, whichever replica wrote them.
/// </summary>
/// <remarks>
/// A replica's own events are kept in memory until their notification comes back, then handed over from
/// there; other replicas' events are read by their sequence numbers. When the listening connection breaks,
/// notifications may have been missed: after reconnecting, the listener is told
/// (<see cref="IStoreListener.AnnouncementsLost"/>) so that open streams resume from the store, and the
/// queued-job count is read again. The count is also re-read every few seconds, since concurrent replicas
/// make it approximate.
/// </remarks>
internal sealed class PostgresAnnouncements : IAsyncDisposable
{
    /// <summary>The notification channel; notifications are scoped to the database, so replicas of other databases never hear them.</summary>
    public const string ChannelName = "metaanalysis_commits";

    private const int MaxPayload = 7000;
    private const int MaxDeliveryBatch = 1000;
    private static readonly TimeSpan RecountInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(5);
    private readonly NpgsqlDataSource dataSource;
    private readonly IStoreListener listener;
    private readonly ILogger logger;
    private readonly string instance = Guid.NewGuid().ToString("N");
    private readonly Dictionary<long, IReadOnlyList<JobEvent>> ownEvents = [];
    private readonly Lock gate = new();
    private readonly Channel<string> received = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly Task listening;
    private readonly Task delivering;
    private readonly Task recounting;
    private long nextTicket;
    private int queuedCount;

    private PostgresAnnouncements(NpgsqlDataSource dataSource, IStoreListener listener, ILogger logger, NpgsqlConnection connection)
    {
        this.dataSource = dataSource;
        this.listener = listener;
        this.logger = logger;
        queuedCount = CountQueued(connection);
        listening = Task.Run(() => ListenAsync(connection));
        delivering = Task.Run(DeliverAsync);
        recounting = Task.Run(RecountAsync);
    }

    /// <summary>The number of queued jobs in the database (approximate while other replicas write).</summary>
    public int QueuedCount => Math.Max(0, Volatile.Read(ref queuedCount));

    /// <summary>Starts listening; returns once LISTEN is in effect, so no commit made afterwards is missed.</summary>
    public static PostgresAnnouncements Start(NpgsqlDataSource dataSource, IStoreListener listener, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var connection = dataSource.OpenConnection();
        try
        {
            Listen(connection);
            return new PostgresAnnouncements(dataSource, listener, logger, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Registers a write's events before its commit and returns the notifications to send inside the
    /// transaction (one, or several when the sequence numbers do not fit in one), with its ticket.
    /// </summary>
    public (long Ticket, IReadOnlyList<string> Payloads) Prepare(int queuedDelta, IReadOnlyList<JobEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ticket = Interlocked.Increment(ref nextTicket);
        if (events.Count > 0)
        {
            lock (gate)
            {
                ownEvents[ticket] = events;
            }
        }

        // Each part: instance:ticket:part:parts:queued delta:sequence numbers (comma-separated).
        var lists = new List<string>();
        var list = new StringBuilder();
        foreach (var item in events)
        {
            var sequence = item.Sequence.ToString(CultureInfo.InvariantCulture);
            if (list.Length + sequence.Length + 1 > MaxPayload)
            {
                lists.Add(list.ToString());
                list.Clear();
            }

            list.Append(list.Length == 0 ? string.Empty : ",").Append(sequence);
        }

        lists.Add(list.ToString());
        var payloads = lists.Select((sequences, part) => string.Create(
            CultureInfo.InvariantCulture,
            $"{instance}:{ticket}:{part}:{lists.Count}:{(part == 0 ? queuedDelta : 0)}:{sequences}")).ToArray();
        return (ticket, payloads);
    }

    /// <summary>The write committed: counts its queued jobs and wakes this replica's waiting workers.</summary>
    public void Committed(int queuedDelta)
    {
        if (queuedDelta != 0)
        {
            Interlocked.Add(ref queuedCount, queuedDelta);
        }

        if (queuedDelta > 0)
        {
            listener.JobsQueued();
        }
    }

    /// <summary>The write did not commit (or its outcome is unknown): its events are dropped from memory.</summary>
    public void Abandoned(long ticket)
    {
        lock (gate)
        {
            ownEvents.Remove(ticket);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        received.Writer.TryComplete();
        await Task.WhenAll(listening, delivering, recounting).ConfigureAwait(false);
        stopping.Dispose();
    }

    private static void Listen(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("LISTEN " + ChannelName, connection);
        command.ExecuteNonQuery();
    }

    private static int CountQueued(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT COUNT(*) FROM jobs WHERE state = 1", connection);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Holds the listening connection, reconnecting with a growing delay when it breaks.</summary>
    private async Task ListenAsync(NpgsqlConnection? connection)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (connection is null)
                {
                    connection = await dataSource.OpenConnectionAsync(stopping.Token).ConfigureAwait(false);
                    Listen(connection);
                    connection.Notification += OnNotification;

                    // Commits made while no connection listened were not announced here.
                    Interlocked.Exchange(ref queuedCount, CountQueued(connection));
                    listener.AnnouncementsLost();
                    Log.ListenerReconnected(logger);
                    delay = TimeSpan.FromMilliseconds(250);
                }
                else
                {
                    connection.Notification -= OnNotification;
                    connection.Notification += OnNotification;
                }

                while (true)
                {
                    await connection.WaitAsync(stopping.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                Log.ListenerLost(logger, exception, delay);
                if (connection is not null)
                {
                    connection.Notification -= OnNotification;
                    await connection.DisposeAsync().ConfigureAwait(false);
                    connection = null;
                }

                await Task.WhenAny(Task.Delay(delay, stopping.Token)).ConfigureAwait(false);
                delay = delay * 2 < MaxReconnectDelay ? delay * 2 : MaxReconnectDelay;
            }
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e) => received.Writer.TryWrite(e.Payload);

    /// <summary>
    /// Hands the committed events to the listener in the order PostgreSQL delivered the notifications. The
    /// notifications waiting at a time are handled together, with one read for all the events that other
    /// replicas wrote, so delivery keeps up however many replicas write.
    /// </summary>
    private async Task DeliverAsync()
    {
        var payloads = new List<string>();
        while (await received.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (payloads.Count < MaxDeliveryBatch && received.Reader.TryRead(out var payload))
            {
                payloads.Add(payload);
            }

            try
            {
                await DeliverAsync(payloads).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // The store is closing; nobody waits for these events on this replica any more.
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or FormatException or TimeoutException)
            {
                // The events could not be read: watchers of this replica must not wait for them forever.
                Log.DeliveryFailed(logger, exception);
                listener.AnnouncementsLost();
            }

            payloads.Clear();
        }
    }

    private async Task DeliverAsync(List<string> payloads)
    {
        var steps = new List<(IReadOnlyList<JobEvent>? Own, long[] Sequences)>(payloads.Count);
        foreach (var payload in payloads)
        {
            steps.Add(Parse(payload));
        }

        var wanted = steps.Where(step => step.Own is null).SelectMany(step => step.Sequences).ToArray();
        var read = wanted.Length > 0 ? (await ReadAsync(wanted).ConfigureAwait(false)).ToDictionary(item => item.Sequence) : [];
        foreach (var (own, sequences) in steps)
        {
            var events = own ?? sequences.Select(sequence => read.GetValueOrDefault(sequence)).OfType<JobEvent>().ToList();
            if (events.Count > 0)
            {
                listener.EventsAppended(events);
            }
        }
    }

    /// <summary>
    /// Reads one notification: counts the other replicas' queued jobs, and returns this replica's own events
    /// (from memory) or the sequence numbers of the events to read.
    /// </summary>
    private (IReadOnlyList<JobEvent>? Own, long[] Sequences) Parse(string payload)
    {
        var parts = payload.Split(':');
        if (parts.Length != 6)
        {
            return (null, []);
        }

        var part = int.Parse(parts[2], CultureInfo.InvariantCulture);
        if (parts[0] == instance)
        {
            // The write's own events are in memory: handed over with its first part; the last part forgets them.
            IReadOnlyList<JobEvent>? events;
            lock (gate)
            {
                var ticket = long.Parse(parts[1], CultureInfo.InvariantCulture);
                if (ownEvents.TryGetValue(ticket, out events) && part == int.Parse(parts[3], CultureInfo.InvariantCulture) - 1)
                {
                    ownEvents.Remove(ticket);
                }
            }

            if (events is not null)
            {
                return (part == 0 ? events : [], []);
            }

            // Not in memory: the write's commit reported a failure yet went through. Read what it lists.
        }
        else
        {
            var delta = int.Parse(parts[4], CultureInfo.InvariantCulture);
            if (delta != 0)
            {
                Interlocked.Add(ref queuedCount, delta);
            }

            if (delta > 0)
            {
                listener.JobsQueued();
            }
        }

        return (null, parts[5].Length == 0 ? [] : parts[5].Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray());
    }

    private async Task<IReadOnlyList<JobEvent>> ReadAsync(long[] sequences)
    {
        var connection = await dataSource.OpenConnectionAsync(stopping.Token).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand("SELECT seq, created, payload FROM events WHERE seq = ANY(@seqs) ORDER BY seq", connection);
            command.Parameters.AddWithValue("seqs", sequences);
            var events = new List<JobEvent>(sequences.Length);
            await using var reader = await command.ExecuteReaderAsync(stopping.Token).ConfigureAwait(false);
            while (await reader.ReadAsync(stopping.Token).ConfigureAwait(false))
            {
                var item = JobEvent.Parser.ParseFrom(reader.GetFieldValue<byte[]>(2));
                item.Sequence = reader.GetInt64(0);
                item.Time = Timestamp.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(1));
                events.Add(item);
            }

            return events;
        }
    }

    /// <summary>Re-reads the queued-job count every few seconds; wakes waiting workers when there are jobs.</summary>
    private async Task RecountAsync()
    {
        using var timer = new PeriodicTimer(RecountInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    var connection = await dataSource.OpenConnectionAsync(stopping.Token).ConfigureAwait(false);
                    await using (connection.ConfigureAwait(false))
                    {
                        var count = CountQueued(connection);
                        Interlocked.Exchange(ref queuedCount, count);
                        if (count > 0)
                        {
                            listener.JobsQueued();
                        }
                    }
                }
                catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    Log.RecountFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
