using Npgsql;

namespace MetaAnalysis.Server.Storage.Postgres;

/// <summary>
/// The tables of the PostgreSQL store as numbered migrations. Specs, results and events are protobuf bytes;
/// times are the database's (<c>now()</c>), so every replica judges leases by the same clock.
/// </summary>
/// <remarks>
/// Each replica migrates at start: under a transaction-scoped advisory lock, so replicas starting together
/// take turns, it applies the migrations whose numbers are not yet in <c>schema_migrations</c>, each in
/// the same transaction as its row there. A migration is never edited once released; a change is a new one.
/// </remarks>
internal static class PostgresSchema
{
    /// <summary>The advisory lock key that serializes migrations (an arbitrary constant of this store).</summary>
    private const long MigrationLock = 0x6D65_7461_616E_6131;

    /// <summary>The migrations, in order; the index plus one is the version.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE jobs (
            row_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            job_id text NOT NULL UNIQUE,
            tenant text NOT NULL,
            batch_id text,
            name text NOT NULL DEFAULT '',
            idempotency_key text,
            spec_hash bytea NOT NULL,
            spec bytea NOT NULL,
            state integer NOT NULL,
            attempt integer NOT NULL DEFAULT 0,
            lease_owner text,
            lease_expires timestamptz,
            created timestamptz NOT NULL DEFAULT now(),
            updated timestamptz NOT NULL DEFAULT now(),
            result bytea,
            failure bytea);
        CREATE UNIQUE INDEX jobs_idempotency ON jobs (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL AND batch_id IS NULL;
        CREATE INDEX jobs_queue ON jobs (row_id) WHERE state = 1;
        CREATE INDEX jobs_lease ON jobs (lease_expires) WHERE state = 2;
        CREATE INDEX jobs_tenant ON jobs (tenant, row_id);
        CREATE INDEX jobs_batch ON jobs (batch_id, row_id) WHERE batch_id IS NOT NULL;
        CREATE TABLE batches (
            row_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            batch_id text NOT NULL UNIQUE,
            tenant text NOT NULL,
            idempotency_key text,
            request_hash bytea NOT NULL,
            open_jobs integer NOT NULL,
            comparison bytea,
            created timestamptz NOT NULL DEFAULT now());
        CREATE UNIQUE INDEX batches_idempotency ON batches (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE TABLE events (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            job_id text,
            batch_id text,
            created timestamptz NOT NULL DEFAULT now(),
            payload bytea NOT NULL);
        CREATE INDEX events_job ON events (job_id, seq) WHERE job_id IS NOT NULL;
        CREATE INDEX events_batch ON events (batch_id, seq) WHERE batch_id IS NOT NULL;
        """,
        """
        ALTER TABLE batches ADD COLUMN title text NOT NULL DEFAULT '';
        """,
        """
        CREATE TABLE batch_data (
            batch_id text PRIMARY KEY REFERENCES batches (batch_id),
            data bytea NOT NULL);
        """,
        """
        ALTER TABLE jobs ADD COLUMN lease_seq bigint;
        CREATE SEQUENCE jobs_lease_seq;
        CREATE INDEX jobs_tenant_queue ON jobs (tenant, row_id) WHERE state = 1;
        CREATE INDEX jobs_tenant_served ON jobs (tenant, lease_seq);
        """,
        """
        CREATE INDEX batches_tenant ON batches (tenant, row_id);
        """,
    ];

    /// <summary>The version a fully migrated database has.</summary>
    public static int LatestVersion => Migrations.Length;

    /// <summary>Applies the missing migrations; returns the database's version afterwards.</summary>
    public static int Migrate(NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("key", MigrationLock));
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())");
        int current;
        using (var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", connection, transaction))
        {
            current = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (current > Migrations.Length)
        {
            throw new InvalidOperationException($"the database is at schema version {current}, newer than this server's {Migrations.Length}; run a newer server");
        }

        for (var version = current + 1; version <= Migrations.Length; version++)
        {
            Execute(connection, transaction, Migrations[version - 1]);
            Execute(connection, transaction, "INSERT INTO schema_migrations (version) VALUES (@version)", ("version", version));
        }

        transaction.Commit();
        return Migrations.Length;
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
#pragma warning disable CA2100 // The statements are constants of this class; values are bound as parameters.
        using var command = new NpgsqlCommand(sql, connection, transaction);
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
