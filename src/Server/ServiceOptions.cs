namespace MetaAnalysis.Server;

/// <summary>The server's settings (configuration section <c>Service</c>).</summary>
public sealed class ServiceOptions
{
    /// <summary>The SQLite store (the default): one embedded file, one server.</summary>
    public const string SqliteStore = "sqlite";

    /// <summary>The PostgreSQL store: any number of server replicas over one database.</summary>
    public const string PostgresStore = "postgres";

    /// <summary>Which job store: <see cref="SqliteStore"/> or <see cref="PostgresStore"/>.</summary>
    public string Store { get; set; } = SqliteStore;

    /// <summary>The SQLite file (SQLite store).</summary>
    public string DatabasePath { get; set; } = "data/metaanalysis.db";

    /// <summary>The Npgsql connection string of the database (PostgreSQL store), e.g. <c>Host=db;Database=metaanalysis;Username=...;Password=...</c>.</summary>
    public string PostgresConnectionString { get; set; } = string.Empty;

    /// <summary>How long a leased job stays with its worker without a heartbeat.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a new lease lasts until the worker's first heartbeat (at most <see cref="LeaseDuration"/>). A
    /// lease committed while the server crashed never reached its worker; a short first deadline gets the job
    /// back to the queue within seconds rather than after a whole lease.
    /// </summary>
    public TimeSpan FirstHeartbeatDeadline { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// This server's name among the replicas of one store (default: the machine name). Its in-process
    /// workers' leases carry it, so that at start-up the server requeues the jobs its earlier run held
    /// when it stopped; replicas on one machine need names of their own.
    /// </summary>
    public string InstanceName { get; set; } = Environment.MachineName;

    /// <summary>How many times a job is handed out before a lost worker makes it fail.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The queue length limit; beyond it submissions get RESOURCE_EXHAUSTED.</summary>
    public int MaxQueuedJobs { get; set; } = 100_000;

    /// <summary>
    /// The most jobs one tenant may have queued; beyond it that tenant's submissions get RESOURCE_EXHAUSTED
    /// while other tenants' are still accepted (up to <see cref="MaxQueuedJobs"/> in all).
    /// </summary>
    public int MaxQueuedJobsPerTenant { get; set; } = 10_000;

    /// <summary>
    /// How many submissions of one tenant are validated and stored at once; the tenant's further
    /// submissions wait, so a tenant's flood of batches does not hold up another tenant's submission.
    /// </summary>
    public int ConcurrentSubmissionsPerTenant { get; set; } = 2;

    /// <summary>The longest a lease request waits for a job.</summary>
    public TimeSpan LongPollWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often expired leases are looked for.</summary>
    public TimeSpan ReaperInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>In-process worker slots (-1 = eight per processor, 0 = none: only external workers).</summary>
    /// <remarks>Fits still compute on at most one thread per processor; the extra slots overlap the waits for durable commits.</remarks>
    public int InProcessWorkers { get; set; } = -1;

    /// <summary>Largest request message in bytes; larger ones get RESOURCE_EXHAUSTED.</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// The most one batch may expand to, in bytes: every model's spec with the shared data, which is what its
    /// jobs hand to workers. Beyond it the batch is INVALID_ARGUMENT (field <c>models</c>).
    /// </summary>
    public long MaxExpandedRequestBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Where the web dashboard listens (HTTP/1.1, beside the gRPC endpoint of <c>Urls</c>), e.g.
    /// <c>http://127.0.0.1:5081</c>; empty for no dashboard.
    /// </summary>
    public string DashboardUrl { get; set; } = string.Empty;

    /// <summary>How long a dashboard sign-in lasts without use (each visit renews it).</summary>
    public TimeSpan DashboardSessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Whether the dashboard's cookies carry the Secure attribute (sent over HTTPS only, and by browsers to
    /// loopback addresses). Keep it on; turn it off only behind a proxy that terminates TLS and forwards
    /// plain HTTP over a network browsers reach directly.
    /// </summary>
    public bool DashboardSecureCookies { get; set; } = true;

    /// <summary>
    /// A folder for the keys that protect dashboard cookies, shared by the replicas of one store so that a
    /// sign-in works on each; empty for keys held in memory (a restart signs everyone out).
    /// </summary>
    public string DashboardKeysPath { get; set; } = string.Empty;

    /// <summary>Sign-in attempts allowed per client address and minute (a guard against guessing keys).</summary>
    public int DashboardSignInsPerMinute { get; set; } = 20;

    /// <summary>Tenants by name, each with its API keys.</summary>
    public Dictionary<string, TenantOptions> Tenants { get; } = new(StringComparer.Ordinal);

    /// <summary>Credentials accepted from workers.</summary>
    public List<string> WorkerKeys { get; } = [];
}

/// <summary>One tenant's settings.</summary>
public sealed class TenantOptions
{
    /// <summary>The API keys that act as this tenant.</summary>
    public List<string> ApiKeys { get; } = [];
}
