using MetaAnalysis.Analysis.Comparison;
using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Running;

/// <summary>
/// Runs a whole batch in this process, model by model, through the same validator, fitters and comparison
/// table as the service's workers and server: a local run of a plan and the same plan on the service give
/// the same results.
/// </summary>
public static class BatchRunner
{
    /// <summary>Validates and runs <paramref name="request"/>; a model that fails is reported and the others still run.</summary>
    /// <param name="request">The batch.</param>
    /// <param name="observe">The observer of each model's fit, by name (progress displays); null for none.</param>
    /// <param name="onDefect">Told of an unexpected exception with the error id its failure quotes (the caller's log).</param>
    /// <param name="cancellationToken">Stops the run; the remaining models are not fitted.</param>
    /// <exception cref="Core.Validation.InvalidInputException">The batch is invalid; nothing was fitted.</exception>
    public static (IReadOnlyList<ModelOutcome> Models, ComparisonTable Comparison) Run(
        SubmitBatchRequest request,
        Func<string, IFitObserver>? observe = null,
        Action<string, Exception>? onDefect = null,
        CancellationToken cancellationToken = default)
    {
        var models = BatchValidator.Validate(request);
        var outcomes = new List<ModelOutcome>(models.Count);
        foreach (var model in models)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var observer = observe?.Invoke(model.Name) ?? NullFitObserver.Instance;
            try
            {
                var result = FitterCatalog.Default.Fit(model.Analysis, observer, cancellationToken);
                outcomes.Add(new ModelOutcome(model.Name, JobState.Succeeded, result, null));
            }
            catch (OperationCanceledException)
            {
                throw;
            }
#pragma warning disable CA1031 // One model's defect must not lose the other models' results; it is reported by id.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                var failure = FitFailures.Describe(exception);
                if (failure is null)
                {
                    var errorId = FitFailures.NewErrorId();
                    onDefect?.Invoke(errorId, exception);
                    failure = FitFailures.Defect(errorId, "command line");
                }

                outcomes.Add(new ModelOutcome(model.Name, JobState.Failed, null, failure));
            }

            observer.Progress(1, "done");
        }

        var comparison = ComparisonTableBuilder.Build(outcomes.Select(o => new ComparisonInput(o.Name, string.Empty, o.Result)).ToArray());
        return (outcomes, comparison);
    }
}
