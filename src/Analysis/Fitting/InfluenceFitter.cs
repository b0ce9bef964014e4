using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Influence;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Leave-one-out and case diagnostics of a random-effects model or meta-regression (metafor's
/// <c>leave1out</c> and <c>influence</c>): per effect, the pooled estimate without it (intercept-only
/// models), the studentized deleted residual, DFFITS, Cook's distance, the covariance ratio, τ² and Q_E
/// without it, its hat value and weight, and metafor's influence flag; for intercept-only models the
/// Baujat coordinates, and with at most 15 effects the GOSH fits of every subset.
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
        var baujat = leaveOneOut is null ? null : Baujat.Compute(fit, leaveOneOut);
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
                statistics.BaujatHeterogeneity = baujat![i].Heterogeneity;
                statistics.BaujatInfluence = baujat[i].Influence;
            }

            result.Influence.Add(statistics);
        }

        if (leaveOneOut is not null && fit.K <= SubsetEstimates.MaxEffects)
        {
            var (_, estimates, i2) = SubsetEstimates.AllSubsets(fit, cancellationToken);
            result.Gosh = new GoshSubsets();
            result.Gosh.Estimate.AddRange(estimates);
            result.Gosh.I2.AddRange(i2);
        }

        if (analysis.Design.HasModerators)
        {
            result.Diagnostics = new FitDiagnostics();
            result.Diagnostics.Notes.Add("leave-one-out pooled estimates are reported for models without moderators");
        }

        return result;
    }
}
