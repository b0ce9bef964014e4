using Xunit.Sdk;

namespace MetaAnalysis.Server.Tests.Storage;

/// <summary>
/// A test of the shared store suite (<see cref="JobStoreTests"/>): runs for every store; in a class marked
/// <see cref="RequiresPostgresAttribute"/> it is skipped when no PostgreSQL test server is configured (never under CI).
/// </summary>
[XunitTestCaseDiscoverer("MetaAnalysis.Server.Tests.Storage.StoreFactDiscoverer", "MetaAnalysis.Server.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute
{
}
