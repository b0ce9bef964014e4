using System.Diagnostics;

namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// Runs several NUTS chains of one model in parallel, one task per chain, each with its own random
/// stream derived from (seed, chain): the result does not depend on how the chains are scheduled.
/// </summary>
public static class Sampler
{
    /// <summary>Samples <paramref name="model"/>; blocks until every chain ends.</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public static SamplingResult Run(
        IModel model,
        SamplerOptions? options = null,
        IDrawSink? sink = null,
        IProgress<SamplingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return RunAsync(model, options, sink, progress, cancellationToken).GetAwaiter().GetResult();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            throw ex.InnerExceptions[0];
        }
    }

    /// <summary>Samples <paramref name="model"/> without blocking the caller.</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public static async Task<SamplingResult> RunAsync(
        IModel model,
        SamplerOptions? options = null,
        IDrawSink? sink = null,
        IProgress<SamplingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new SamplerOptions();
        options.Validate();
        if (model.ParameterNames.Count != model.Dimension)
        {
            throw new ArgumentException("the model must name as many parameters as it has dimensions", nameof(model));
        }

        var stopwatch = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(options.MaxDegreeOfParallelism);

        // A chain that fails (no valid initial values, say) stops the others: the run cannot succeed.
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = failure.Token;
        var tasks = Enumerable.Range(0, options.Chains).Select(chain => Task.Run(
            async () =>
            {
                await gate.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    return ChainRunner.Run(model, options, chain, sink, progress, token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await failure.CancelAsync().ConfigureAwait(false);
                    throw;
                }
                finally
                {
                    gate.Release();
                }
            },
            token)).ToArray();

        // A faulted chain makes the whole run faulted with that chain's exception; the chains it
        // cancelled only add cancellations, which do not mask it.
        var chains = await Task.WhenAll(tasks).ConfigureAwait(false);
        return new SamplingResult(model.OutputNames, chains, options, stopwatch.Elapsed);
    }
}
