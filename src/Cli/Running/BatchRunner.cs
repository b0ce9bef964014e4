using MetaAnalysis.Cli.Documents;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Cli.Results;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Running;

/// <summary>
/// Runs a whole plan locally: computes the effects, fits every model (a model that fails is reported and the
/// others still run), compares them, runs the publication-bias checks and the correlation sweep.
/// </summary>
/// <remarks>
/// The remote commands send the same plan to the server (<see cref="Remote.PlanToSpec"/>); this class is the local
/// counterpart and the only place that knows the order of a batch's steps.
/// </remarks>
public static class BatchRunner
{
    /// <summary>The task name of the publication-bias checks in progress reports.</summary>
    public const string PublicationBiasTask = "publication bias";

    /// <summary>The task name of the correlation sweep in progress reports.</summary>
    public const string SensitivityTask = "sensitivity sweep";

    /// <summary>Runs <paramref name="plan"/> on <paramref name="table"/>.</summary>
    /// <exception cref="InvalidInputException">The data cannot be used at all (field path says why).</exception>
    /// <exception cref="StudyTableException">A cell the analysis needs is bad (line and column say where).</exception>
    public static BatchResult Run(
        AnalysisPlan plan,
        StudyTable table,
        IProgress<BatchProgress>? progress = null,
        string commandLine = "",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(table);
        var started = DateTimeOffset.UtcNow;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var data = EffectSizeColumns.Compute(table, plan.Data);
        var models = new List<ModelResult>();
        var failures = new List<ModelFailure>();
        foreach (var model in plan.Models)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reporter = Reporter(progress, model.Name);
            try
            {
                models.Add(ModelRunner.Run(model, data, reporter, cancellationToken));
            }
            catch (Exception ex) when (IsModelFailure(ex))
            {
                failures.Add(new ModelFailure(model.Name, ex.Message));
                reporter?.Report(1);
            }
        }

        var bias = plan.PublicationBias.Any ? PublicationBiasChecks.Run(plan.PublicationBias, data) : null;
        progress?.Report(new BatchProgress(PublicationBiasTask, 1));
        var sensitivity = plan.Sensitivity is null ? null : CorrelationSweep.Run(plan, data, Reporter(progress, SensitivityTask), cancellationToken);
        return new BatchResult(
            plan,
            data,
            models,
            failures,
            ComparisonTable.Create(models, data.K),
            bias,
            sensitivity,
            RunInformation.Capture(started, stopwatch.Elapsed.TotalSeconds, commandLine));
    }

    /// <summary>Errors that end one model's fit but not the batch: bad input for this model, no convergence, an undefined quantity.</summary>
    public static bool IsModelFailure(Exception exception) =>
        exception is InvalidInputException or StudyTableException or ConvergenceException or ArithmeticException or InvalidOperationException;

    private static Progress? Reporter(IProgress<BatchProgress>? progress, string task) => progress is null ? null : new Progress(progress, task);

    /// <summary>Forwards one task's fraction to the batch's progress.</summary>
    private sealed class Progress(IProgress<BatchProgress> target, string task) : IProgress<double>
    {
        public void Report(double value) => target.Report(new BatchProgress(task, value));
    }
}
