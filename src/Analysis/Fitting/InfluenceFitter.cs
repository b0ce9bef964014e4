using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Influence;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Leave-one-out and case diagnostics of a random-effects model or meta-regression (metafor's
/// <c>leave1out</c> and <c>influence</c>): per effect, the pooled estimate without it (intercept-only
/// models), the studentized deleted residual, DFFITS, Cook's distance, the covariance ratio, τ² and Q_E
/// without it, its hat value and weight, and metafor's influence flag.
/// </summary>
public sealed class InfluenceFitter : IFitter
{
    /// <inheritdoc />
    public bool Accepts(ValidatedAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Model == Model.KindOneofCase.Influence;
    }

    /// <inheritdoc />
    public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var fit = RandomEffectsModel.Fit(analysis.Data.Effects, analysis.Design, analysis.Frequentist!);
        var diagnostics = InfluenceDiagnostics.Compute(fit);
        cancellationToken.ThrowIfCancellationRequested();
        var leaveOneOut = analysis.Design.HasModerators ? null : LeaveOneOut.Run(fit);
        var result = FitResults.Start(analysis, "frequentist", $"influence diagnostics of random effects ({fit.Method}){(analysis.Design.HasModerators ? " meta-regression" : string.Empty)}");
        result.Coefficients.AddRange(fit.Coefficients.Select(FitResults.Coefficient));
        for (var i = 0; i < diagnostics.Count; i++)
        {
            var row = diagnostics[i];
            var statistics = new InfluenceStatistics
            {
                Label = row.Label,
                Tau2Deleted = row.Tau2Deleted,
                QeDeleted = row.QeDeleted,
                StudentizedResidual = row.StudentizedResidual,
                Dffits = row.Dffits,
                CooksDistance = row.CooksDistance,
                CovarianceRatio = row.CovarianceRatio,
                Hat = row.Hat,
                Weight = row.Weight,
                Influential = row.IsInfluential,
            };
            if (leaveOneOut is not null)
            {
                var without = leaveOneOut[i];
                statistics.Estimate = without.Estimate;
                statistics.Se = without.StandardError;
                statistics.CiLower = without.CiLower;
                statistics.CiUpper = without.CiUpper;
                statistics.PValue = without.PValue;
            }

            result.Influence.Add(statistics);
        }

        if (analysis.Design.HasModerators)
        {
            result.Diagnostics = new FitDiagnostics();
            result.Diagnostics.Notes.Add("leave-one-out pooled estimates are reported for models without moderators");
        }

        return result;
    }
}
