namespace MetaAnalysis.ClientSdk.Polling;

/// <summary>
/// Waits for a job or batch to end by asking for its state with growing pauses. Watching would replay every
/// event since the start (the contract offers no way to watch from "now": a job does not carry its latest
/// sequence number), which for a long sampling run is thousands of progress events; a poll reads one message
/// and the last poll is the one that carries the result.
/// </summary>
internal sealed class EndPoller
{
    private readonly MetaAnalysisClientOptions options;

    public EndPoller(MetaAnalysisClientOptions options) => this.options = options;

    /// <summary>The pause after poll number <paramref name="poll"/> (1-based): doubling from the first, capped.</summary>
    public TimeSpan Pause(int poll) => ExponentialBackoff.After(poll, options.ResultPollInterval, options.MaxResultPollInterval);

    /// <summary>Calls <paramref name="get"/> until <paramref name="ended"/> holds for its answer, and returns that answer.</summary>
    public async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T>> get, Func<T, bool> ended, CancellationToken cancellationToken)
    {
        for (var poll = 1; ; poll++)
        {
            var state = await get(cancellationToken).ConfigureAwait(false);
            if (ended(state))
            {
                return state;
            }

            await Task.Delay(Pause(poll), options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
