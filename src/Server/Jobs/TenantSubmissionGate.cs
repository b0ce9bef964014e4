using System.Collections.Concurrent;

namespace MetaAnalysis.Server.Jobs;

/// <summary>
/// Lets each tenant validate and store at most a few submissions at once; its further submissions wait
/// their turn instead of taking the cores and the store's writer from other tenants. A tenant flooding the
/// service with batches then slows only itself: another tenant's submission is never queued behind it.
/// </summary>
public sealed class TenantSubmissionGate
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);
    private readonly int perTenant;

    /// <summary>Creates the gate letting <paramref name="perTenant"/> submissions of one tenant through at a time.</summary>
    public TenantSubmissionGate(int perTenant)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perTenant, 1);
        this.perTenant = perTenant;
    }

    /// <summary>Waits for <paramref name="tenant"/>'s turn; dispose the result to let the next one through.</summary>
    public async Task<IDisposable> EnterAsync(string tenant)
    {
        var gate = gates.GetOrAdd(tenant, _ => new SemaphoreSlim(perTenant, perTenant));
        await gate.WaitAsync().ConfigureAwait(false);
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
