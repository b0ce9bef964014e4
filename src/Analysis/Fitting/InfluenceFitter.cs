using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Influence;
using MetaAnalysis.Core.Frequentist.MultiLevel;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Leave-one-out and case diagnostics of a random-effects model or meta-regression (metafor's
/// <c>leave1out</c> and <c>influence</c>): per effect, the pooled estimate without it (intercept-only
/// models), the studentized deleted residual, DFFITS, Cook's distance, the covariance ratio, τ² and Q_E
/// without it, its hat value and weight, and metafor's influence flag; for intercept-only models the
/// Baujat coordinates, and with at most 15 effects the GOSH fits of every subset. On a three-level model,
/// metafor's <c>rma.mv</c> diagnostics: each cluster and each effect left out with the variance components
/// re-estimated.
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
        if (analysis.ThreeLevel)
        {
            return FitThreeLevel(analysis, cancellationToken);
        }

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

    private static FitResult FitThreeLevel(ValidatedAnalysis analysis, CancellationToken cancellationToken)
    {
        var fit = FrequentistFitter.FitThreeLevelModel(analysis);
        var result = FitResults.Start(analysis, "frequentist", $"influence diagnostics of the three-level model ({analysis.Frequentist!.Method}){(analysis.Design.HasModerators ? " with moderators" : string.Empty)}{SamplingErrorText.OnV(analysis)}");
        result.Coefficients.AddRange(fit.Coefficients.Select(FitResults.Coefficient));
        result.Heterogeneity = new Heterogeneity { Sigma2Between = fit.Sigma2Between, Sigma2Within = fit.Sigma2Within, Qe = fit.Qe, QeDf = fit.QeDegreesOfFreedom, QePValue = fit.QePValue, Residual = analysis.Design.HasModerators };
        foreach (var cluster in ThreeLevelInfluence.ByCluster(fit, cancellationToken))
        {
            var row = new ClusterInfluence
            {
                Cluster = cluster.Label,
                K = cluster.Rows.Count,
                Sigma2BetweenDeleted = cluster.Sigma2Between,
                Sigma2WithinDeleted = cluster.Sigma2Within,
                QeDeleted = cluster.QeDeleted,
                CooksDistance = cluster.CooksDistance,
                ChiSquare = cluster.ChiSquare,
                ChiSquarePValue = cluster.ChiSquarePValue,
                Influential = cluster.IsInfluential,
            };
            row.Dfbetas.AddRange(cluster.Dfbetas);
            if (cluster.Without is { } without)
            {
                row.Estimate = without.Estimate;
                row.Se = without.StandardError;
                row.CiLower = without.CiLower;
                row.CiUpper = without.CiUpper;
                row.PValue = without.PValue;
            }

            result.ClusterInfluence.Add(row);
        }

        var hat = ThreeLevelInfluence.HatValues(fit);
        var weights = ThreeLevelInfluence.Weights(fit);
        var effects = ThreeLevelInfluence.ByEffect(fit, cancellationToken);
        for (var i = 0; i < effects.Count; i++)
        {
            var effect = effects[i];
            var row = new InfluenceStatistics
            {
                Label = effect.Label,
                QeDeleted = effect.QeDeleted,
                StudentizedResidual = effect.StudentizedResidual,
                CooksDistance = effect.CooksDistance,
                Hat = hat[i],
                Weight = weights[i],
                Influential = effect.IsInfluential,
                Sigma2BetweenDeleted = effect.Sigma2Between,
                Sigma2WithinDeleted = effect.Sigma2Within,
            };
            if (effect.Without is { } without)
            {
                row.Estimate = without.Estimate;
                row.Se = without.StandardError;
                row.CiLower = without.CiLower;
                row.CiUpper = without.CiUpper;
                row.PValue = without.PValue;
            }

            result.Influence.Add(row);
        }

        if (analysis.SamplingCorrelation is { } rho)
        {
            result.Diagnostics = new FitDiagnostics();
            result.Diagnostics.Notes.Add(SamplingErrorText.Note(rho, fit.Clusters));
        }

        return result;
    }
}
