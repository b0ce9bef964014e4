using MetaAnalysis.Server.Jobs;

namespace MetaAnalysis.Server.Tests.Jobs;

public sealed class TenantSubmissionGateTests
{
    [Fact]
    public async Task Enter_TenantAtItsLimit_WaitsWhileAnotherTenantGoesThrough()
    {
        var gate = new TenantSubmissionGate(perTenant: 2);
        using var first = await gate.EnterAsync("a");
        var second = await gate.EnterAsync("a");

        var third = gate.EnterAsync("a");
        var other = gate.EnterAsync("b");

        Assert.True(other.IsCompletedSuccessfully);
        Assert.False(third.IsCompleted);
        second.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        (await other).Dispose();
    }

    [Fact]
    public async Task Turn_DisposedTwice_LetsOnlyOneWaiterThrough()
    {
        var gate = new TenantSubmissionGate(perTenant: 1);
        var turn = await gate.EnterAsync("a");
        var next = gate.EnterAsync("a");
        var after = gate.EnterAsync("a");

        turn.Dispose();
        turn.Dispose();

        var nextTurn = await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(after.IsCompleted);
        nextTurn.Dispose();
        (await after.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}
