namespace MetaAnalysis.Tests.Postgres;

/// <summary>A test that needs the PostgreSQL test server: skipped without it, except under CI (see <see cref="PostgresTestDatabase"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestDatabase.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
