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
            throw new ArgumentException("the model names as many parameters as it has dimensions", nameof(model));
        }

        var stopwatch = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(options.MaxDegreeOfParallelism);
        var tasks = Enumerable.Range(0, options.Chains).Select(chain => Task.Run(
            async () =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return ChainRunner.Run(model, options, chain, sink, progress, cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            },
            cancellationToken)).ToArray();
        var chains = await Task.WhenAll(tasks).ConfigureAwait(false);
        return new SamplingResult(model.OutputNames, chains, options, stopwatch.Elapsed);
    }
}
