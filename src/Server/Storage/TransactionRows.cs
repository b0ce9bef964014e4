using System.Data.Common;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Server.Storage;

/// <summary>
/// The columns both stores' write transactions read and insert, in the same order, and their mapping onto
/// the records of <see cref="IJobTransaction"/>; each store adds only its own SQL around them.
/// </summary>
internal static class TransactionRows
{
    /// <summary>The columns of a <see cref="LockedJob"/> (the store's clock is not a column of the job).</summary>
    public const string LockedJobColumns = "tenant, state, attempt, batch_id, lease_expires";

    /// <summary>
    /// The tenant whose job a lease takes next: of the tenants with queued jobs, the one served least recently
    /// (the highest <c>lease_seq</c> among its jobs is the lowest; a tenant never served comes first), ties
    /// going to the tenant whose oldest queued job is oldest. So tenants take turns: a tenant that queued
    /// 100,000 jobs gets every other lease while another has work, not all the leases until its queue is empty.
    /// </summary>
    /// <remarks>
    /// A loose index scan over <c>jobs_tenant_queue</c> (queued jobs by tenant and age) finds the tenants with
    /// queued jobs in one seek each, and <c>jobs_tenant_served</c> (tenant, lease_seq) each one's last lease:
    /// the cost grows with the number of tenants waiting, not with the jobs they hold. A scalar query with no
    /// parameters, the same in both stores' SQL.
    /// </remarks>
    public const string NextTenant = """
        WITH RECURSIVE waiting (tenant) AS (
            SELECT (SELECT tenant FROM jobs WHERE state = 1 ORDER BY tenant LIMIT 1)
            UNION ALL
            SELECT (SELECT queued.tenant FROM jobs AS queued WHERE queued.state = 1 AND queued.tenant > waiting.tenant ORDER BY queued.tenant LIMIT 1)
            FROM waiting WHERE waiting.tenant IS NOT NULL)
        SELECT tenant FROM waiting WHERE tenant IS NOT NULL
        ORDER BY
            COALESCE((SELECT served.lease_seq FROM jobs AS served WHERE served.tenant = waiting.tenant AND served.lease_seq IS NOT NULL ORDER BY served.lease_seq DESC LIMIT 1), 0),
            (SELECT oldest.row_id FROM jobs AS oldest WHERE oldest.state = 1 AND oldest.tenant = waiting.tenant ORDER BY oldest.row_id LIMIT 1)
        LIMIT 1
        """;

    /// <summary>The columns of a <see cref="ClaimedJob"/>.</summary>
    public const string ClaimedJobColumns = "job_id, attempt, spec, batch_id, tenant";

    /// <summary>The columns of an <see cref="ExpiredLease"/>.</summary>
    public const string ExpiredLeaseColumns = "job_id, attempt, batch_id, tenant";

    /// <summary>The columns of an <see cref="OpenJob"/>.</summary>
    public const string OpenJobColumns = "job_id, state";

    /// <summary>The columns of a <see cref="BatchJobOutcome"/>.</summary>
    public const string BatchJobOutcomeColumns = "job_id, name, state, result";

    /// <summary>The columns a new job is inserted with, before any the store adds.</summary>
    public const string NewJobColumns = "job_id, tenant, batch_id, name, idempotency_key, spec_hash, spec, state";

    /// <summary>The values of <see cref="NewJobColumns"/>, as named parameters (the state is the literal 1, queued).</summary>
    public const string NewJobValues = "@job, @tenant, @batch, @name, @key, @hash, @spec, 1";

    /// <summary>The parameters of <see cref="NewJobValues"/> for <paramref name="job"/>.</summary>
    public static (string Name, object? Value)[] NewJobParameters(NewJobRow job) =>
    [
        ("@job", job.JobId),
        ("@tenant", job.Tenant),
        ("@batch", job.BatchId),
        ("@name", job.Name),
        ("@key", job.IdempotencyKey),
        ("@hash", job.SpecHash),
        ("@spec", job.Spec),
    ];

    /// <summary>The current row as a <see cref="LockedJob"/>; <paramref name="time"/> reads a time column the way the store keeps it.</summary>
    public static LockedJob ReadLockedJob(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> time, DateTimeOffset storeTime) => new(
        reader.GetString(0),
        (JobState)reader.GetInt32(1),
        reader.GetInt32(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : time(reader, 4),
        storeTime);

    /// <summary>The current row as a <see cref="ClaimedJob"/>.</summary>
    public static ClaimedJob ReadClaimedJob(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<byte[]>(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4));

    /// <summary>The current row as an <see cref="ExpiredLease"/>.</summary>
    public static ExpiredLease ReadExpiredLease(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3));

    /// <summary>The current row as an <see cref="OpenJob"/>.</summary>
    public static OpenJob ReadOpenJob(DbDataReader reader) => new(reader.GetString(0), (JobState)reader.GetInt32(1));

    /// <summary>The current row as a <see cref="BatchJobOutcome"/>.</summary>
    public static BatchJobOutcome ReadBatchJobOutcome(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), (JobState)reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3));

    /// <summary>The current row (an id, then the hash submitted with its key) as a <see cref="KeyedSubmission"/>.</summary>
    public static KeyedSubmission ReadKeyedSubmission(DbDataReader reader) => new(reader.GetString(0), reader.GetFieldValue<byte[]>(1));
}
