using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Cli.Results;
using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Running;

/// <summary>
/// The sensitivity analysis over the assumed pre/post correlation: the effect sizes are recomputed with each
/// assumed correlation where none was reported, and the listed models refitted.
/// </summary>
public static class CorrelationSweep
{
    /// <summary>Runs the sweep of <paramref name="plan"/>; <paramref name="progress"/> gets the fraction done.</summary>
    public static SensitivityResult Run(AnalysisPlan plan, AnalysisData data, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(data);
        var sweep = plan.Sensitivity ?? throw new InvalidOperationException("the plan has no sensitivity sweep");
        if (plan.Data.Measure is not { } measure || !EffectSizeMeasureCode.UsesPrePostCorrelation(EffectSizeMeasureCode.Parse(measure)))
        {
            throw new InvalidInputException("sensitivity", $"the measure {plan.Data.Measure} does not use a pre/post correlation; use a pre/post measure such as SMCC, SMCR or MC");
        }

        var rows = new List<SensitivityRow>();
        var total = sweep.Correlations.Count * sweep.Models.Count;
        foreach (var r in sweep.Correlations)
        {
            var swept = EffectSizeColumns.Compute(data.Table, plan.Data, r);
            foreach (var name in sweep.Models)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var fit = ModelRunner.Run(plan.Model(name), swept, cancellationToken: cancellationToken);
                var first = fit.Coefficients.Count > 0 ? fit.Coefficients[0] : fit.Subgroups.Select(s => s.Estimate).FirstOrDefault();
                if (first is not null)
                {
                    rows.Add(new SensitivityRow(name, r, first));
                }

                progress?.Report((double)rows.Count / total);
            }
        }

        return new SensitivityResult(data.ImputedRows.Count, rows);
    }
}
