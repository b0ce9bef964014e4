namespace MetaAnalysis.Server.Storage;

/// <summary>
/// What a database gives <see cref="Jobs.JobStateMachine"/>: write transactions, the reads, and the count of
/// queued jobs. A store holds only its SQL and its durability; the rules of a job's life are not here.
/// </summary>
public interface IJobStorage : IJobReader, IAsyncDisposable
{
    /// <summary>Number of queued jobs as of the last commit this store knows of.</summary>
    int QueuedCount { get; }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction; the task completes after the commit is durable, and
    /// the transaction's events and change of the queued count are announced only then. A throw from
    /// <paramref name="work"/> rolls back everything it did and reaches the caller.
    /// </summary>
    /// <remarks>
    /// A store may run <paramref name="work"/> again when the transaction failed before its commit (nothing
    /// of it was applied), so the work must leave the messages it was given unchanged.
    /// </remarks>
    Task<T> WriteAsync<T>(Func<IJobTransaction, ValueTask<T>> work);

    /// <summary>
    /// Hands every running job whose lease has run out by the store's clock to <paramref name="reap"/>, with
    /// its row locked, in a transaction of the store's choosing; returns how many it handed over.
    /// </summary>
    /// <remarks>
    /// How expired jobs are found and grouped into transactions is the store's: a store with one writer reaps
    /// them all in one commit, a store shared by replicas one job per transaction, skipping a job another
    /// replica or a reporting worker holds.
    /// </remarks>
    Task<int> ForEachExpiredLeaseAsync(Func<IJobTransaction, ExpiredLease, ValueTask> reap);
}
