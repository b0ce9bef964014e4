using System.Data.Common;

namespace MetaAnalysis.Server.Storage;

/// <summary>The tables of the SQLite store. Times are Unix milliseconds; specs, results and events are protobuf bytes.</summary>
internal static class SqliteSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS jobs (
            row_id INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id TEXT NOT NULL UNIQUE,
            tenant TEXT NOT NULL,
            batch_id TEXT,
            name TEXT NOT NULL DEFAULT '',
            idempotency_key TEXT,
            spec_hash BLOB NOT NULL,
            spec BLOB NOT NULL,
            state INTEGER NOT NULL,
            attempt INTEGER NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_expires INTEGER,
            created INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            result BLOB,
            failure BLOB,
            lease_seq INTEGER);
        CREATE UNIQUE INDEX IF NOT EXISTS jobs_idempotency ON jobs (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL AND batch_id IS NULL;
        CREATE INDEX IF NOT EXISTS jobs_lease ON jobs (state, lease_expires);
        CREATE INDEX IF NOT EXISTS jobs_tenant ON jobs (tenant, row_id);
        CREATE INDEX IF NOT EXISTS jobs_batch ON jobs (batch_id, row_id) WHERE batch_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS jobs_tenant_queue ON jobs (state, tenant, row_id);
        -- jobs_queue (state, row_id) served the oldest-first claim; jobs_tenant_queue serves every read of queued jobs.
        DROP INDEX IF EXISTS jobs_queue;
        CREATE TABLE IF NOT EXISTS batches (
            row_id INTEGER PRIMARY KEY AUTOINCREMENT,
            batch_id TEXT NOT NULL UNIQUE,
            tenant TEXT NOT NULL,
            idempotency_key TEXT,
            request_hash BLOB NOT NULL,
            open_jobs INTEGER NOT NULL,
            comparison BLOB,
            created INTEGER NOT NULL,
            title TEXT NOT NULL DEFAULT '');
        CREATE UNIQUE INDEX IF NOT EXISTS batches_idempotency ON batches (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS batches_tenant ON batches (tenant, row_id);
        CREATE TABLE IF NOT EXISTS batch_data (
            batch_id TEXT PRIMARY KEY REFERENCES batches (batch_id),
            data BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS tenant_queues (
            tenant TEXT PRIMARY KEY,
            queued INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id TEXT,
            batch_id TEXT,
            payload BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS events_job ON events (job_id, seq) WHERE job_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS events_batch ON events (batch_id, seq) WHERE batch_id IS NOT NULL;
        """;

    /// <summary>
    /// Each tenant's count of queued jobs (<c>tenant_queues</c>, kept by every write that queues or dequeues a
    /// job), counted again from the jobs when the store opens: a file written before the table existed gets
    /// its counts, and a count can never drift across restarts.
    /// </summary>
    public const string RecountTenantQueues = """
        DELETE FROM tenant_queues;
        INSERT INTO tenant_queues (tenant, queued) SELECT tenant, COUNT(*) FROM jobs WHERE state = 1 GROUP BY tenant;
        """;

    /// <summary>Reads a time column (Unix milliseconds).</summary>
    public static DateTimeOffset ReadTime(DbDataReader reader, int column) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));

    /// <summary>
    /// Columns added after a file's tables were created (<c>CREATE TABLE IF NOT EXISTS</c> does not add them to
    /// an older file), then the indexes on them.
    /// </summary>
    public static void AddMissingColumns(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        AddColumn(connection, "batches", "title", "TEXT NOT NULL DEFAULT ''");

        // The sequence number of a job's last lease: which tenant was served least recently (fair leasing).
        AddColumn(connection, "jobs", "lease_seq", "INTEGER");
        using var index = connection.CreateCommand();
        index.CommandText = "CREATE INDEX IF NOT EXISTS jobs_tenant_served ON jobs (tenant, lease_seq)";
        index.ExecuteNonQuery();
    }

    private static void AddColumn(DbConnection connection, string table, string column, string definition)
    {
        using var columns = connection.CreateCommand();
#pragma warning disable CA2100 // The names are constants of this class.
        columns.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if (Convert.ToInt32(columns.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            using var add = connection.CreateCommand();
            add.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
            add.ExecuteNonQuery();
        }
#pragma warning restore CA2100
    }
}
