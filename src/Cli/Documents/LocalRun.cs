using MetaAnalysis.Analysis.Fitting;
using MetaAnalysis.Analysis.Running;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Reports.Documents;

namespace MetaAnalysis.Cli.Documents;

/// <summary>
/// Runs a plan in this process: the plan becomes the contract's batch request (<see cref="PlanRequest"/>),
/// which runs through the very validator, fitters and comparison table the service's workers and server
/// use (<see cref="BatchRunner"/>).
/// </summary>
public static class LocalRun
{
    /// <summary>Runs <paramref name="plan"/> on <paramref name="table"/>.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="table">Its data.</param>
    /// <param name="observe">The observer of each model's fit, by name (progress bars); null for none.</param>
    /// <param name="commandLine">The command that ran it, for the report.</param>
    /// <param name="onDefect">Told of an unexpected exception with the error id its failure quotes.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="Core.Validation.InvalidInputException">The plan or data cannot be used (field path says why).</exception>
    /// <exception cref="StudyTableException">A cell the analysis needs is bad (line and column say where).</exception>
    public static AnalysisDocument Run(
        AnalysisPlan plan,
        StudyTable table,
        Func<string, IFitObserver>? observe = null,
        string commandLine = "",
        Action<string, Exception>? onDefect = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(table);
        var started = DateTimeOffset.UtcNow;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var request = PlanRequest.Build(plan, table).Request;
        IReadOnlyList<ModelOutcome> models;
        Contracts.V1.ComparisonTable comparison;
        try
        {
            (models, comparison) = BatchRunner.Run(request, observe, onDefect, cancellationToken);
        }
        catch (Core.Validation.InvalidInputException invalid)
        {
            // The batch runner validates before it fits anything; the plan names the field its own way.
            throw PlanErrors.Locate(invalid, plan, table, request.Data);
        }

        return new AnalysisDocument(
            plan.Title,
            request.Data,
            models,
            comparison,
            RunInformation.Capture(started, stopwatch.Elapsed.TotalSeconds, commandLine),
            new PlanInputs(plan.Source, plan.Text, table.Source, table.Content, commandLine));
    }
}
