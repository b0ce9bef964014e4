using MetaAnalysis.Tests.Postgres;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MetaAnalysis.Server.Tests.Storage;

/// <summary>
/// Finds <see cref="StoreFactAttribute"/> tests. The attribute sits on the shared suite's methods, so whether
/// a test needs PostgreSQL is decided by the class it is discovered in, which an attribute alone cannot see.
/// </summary>
public sealed class StoreFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink diagnostics;

    public StoreFactDiscoverer(IMessageSink diagnosticMessageSink) => diagnostics = diagnosticMessageSink;

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any();
        var skip = needsPostgres ? PostgresTestDatabase.SkipReason : null;
        yield return skip is null
            ? new XunitTestCase(diagnostics, display, displayOptions, testMethod)
            : new SkippedTestCase(diagnostics, display, displayOptions, testMethod, skip);
    }
}
