using MetaAnalysis.Server.Api;

namespace MetaAnalysis.Server.Tests.Api;

public sealed class CredentialsTests
{
    [Fact]
    public void TenantOf_KnownAndUnknownKeys_TenantOrNull()
    {
        var options = new ServiceOptions();
        options.Tenants["lab-a"] = new TenantOptions();
        options.Tenants["lab-a"].ApiKeys.Add("key-a");
        options.Tenants["lab-b"] = new TenantOptions();
        options.Tenants["lab-b"].ApiKeys.Add("key-b");
        options.WorkerKeys.Add("worker");

        var credentials = new Credentials(options);

        Assert.Equal("lab-a", credentials.TenantOf("key-a"));
        Assert.Equal("lab-b", credentials.TenantOf("key-b"));
        Assert.Null(credentials.TenantOf("key-c"));
        Assert.Null(credentials.TenantOf(null));
        Assert.Null(credentials.TenantOf("worker"));
        Assert.True(credentials.IsWorker("worker"));
        Assert.False(credentials.IsWorker("key-a"));
    }

    [Fact]
    public void Create_WorkerKeyAlsoAClientKey_Refused()
    {
        var options = new ServiceOptions();
        options.Tenants["lab-a"] = new TenantOptions();
        options.Tenants["lab-a"].ApiKeys.Add("shared");
        options.WorkerKeys.Add("shared");

        Assert.Throws<InvalidOperationException>(() => new Credentials(options));
    }
}
