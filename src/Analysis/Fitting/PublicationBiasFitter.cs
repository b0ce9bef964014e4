using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Analysis.Vocabulary;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Publication-bias checks: Egger's regression test (mixed-effects by default, or classical), Begg's rank
/// correlation test, Duval and Tweedie's trim-and-fill (random effects and, with clusters, three levels)
/// and Rosenthal's and Orwin's fail-safe N.
/// </summary>
/// <remarks>
/// Egger's mixed-effects test and trim-and-fill use the engine's τ² method and test (REML and z unless
/// set), as metafor's <c>regtest</c> and <c>trimfill</c> do on an <c>rma</c> fit; trim-and-fill uses the L0
/// estimator, the side chosen from Egger's test, and reports the filled effects for the funnel plot.
/// </remarks>
public sealed class PublicationBiasFitter : IFitter
{
    /// <inheritdoc />
    public bool Accepts(ValidatedAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Model == Model.KindOneofCase.PublicationBias;
    }

    /// <inheritdoc />
    public FitResult Fit(ValidatedAnalysis analysis, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var tests = analysis.PublicationBias!;
        var data = analysis.Data.Effects;
        var options = analysis.Frequentist!;
        var result = FitResults.Start(analysis, "frequentist", "publication-bias checks");
        var checks = new PublicationBiasChecks();
        if (tests.Egger)
        {
            var classical = tests.EggerModel == "lm";
            var egger = classical ? EggerRegressionTest.Classical(data) : EggerRegressionTest.MixedEffects(data, options);
            checks.Egger = new EggerTest
            {
                Model = classical ? "lm" : "rma",
                Slope = egger.Slope,
                SlopeSe = egger.SlopeStandardError,
                Statistic = egger.Statistic,
                PValue = egger.PValue,
                LimitEstimate = egger.LimitEstimate,
                LimitSe = egger.LimitStandardError,
            };
            if (double.IsFinite(egger.DegreesOfFreedom))
            {
                checks.Egger.Df = egger.DegreesOfFreedom;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (tests.Begg)
        {
            var begg = BeggRankCorrelationTest.Run(data);
            checks.Begg = new BeggTest { KendallTau = begg.KendallTau, PValue = begg.PValue, Exact = begg.IsExact };
        }

        if (tests.TrimAndFill)
        {
            var fill = RandomEffectsTrimAndFill.Run(data, options);
            checks.TrimAndFill.Add(TrimAndFill("random_effects", fill.Side, fill.Iteration, fill.Fit.Coefficients[0], fill.Fit.Tau2, data.Vi));
            if (analysis.Data.Clusters is { } clusters && analysis.Data.ClusterCount < analysis.Data.K)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var estimator = options.Method == "ML" ? ThreeLevelEstimator.MaximumLikelihood : ThreeLevelEstimator.RestrictedMaximumLikelihood;
                var nested = ThreeLevelTrimAndFill.Run(data, clusters, new ThreeLevelOptions(estimator, options.Test, analysis.Level));
                checks.TrimAndFill.Add(TrimAndFill("three_level", nested.Side, nested.Iteration, nested.Fit.Coefficients[0], nested.Fit.Sigma2Between + nested.Fit.Sigma2Within, data.Vi));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (tests.FailSafeN)
        {
            foreach (var failSafe in new[] { FailSafeN.Rosenthal(data), FailSafeN.Orwin(data) })
            {
                var number = new FailSafeNumber { Method = failSafe.Method, Number = failSafe.Number };
                if (double.IsFinite(failSafe.PValue))
                {
                    number.PValue = failSafe.PValue;
                }

                if (double.IsFinite(failSafe.Target))
                {
                    number.Target = failSafe.Target;
                }

                checks.FailSafeN.Add(number);
            }
        }

        result.PublicationBias = checks;
        return result;
    }

    private static TrimAndFillResult TrimAndFill(string model, FunnelSide side, TrimAndFillIteration iteration, CoefficientEstimate adjusted, double tau2, IReadOnlyList<double> vi)
    {
        var result = new TrimAndFillResult
        {
            Model = model,
            Side = side == FunnelSide.Left ? "left" : "right",
            Missing = iteration.MissingCount,
            MissingSe = iteration.MissingCountStandardError,
            Adjusted = FitResults.Coefficient(adjusted with { Name = "intrcpt (filled)" }),
            Tau2 = tau2,
        };
        result.FilledYi.AddRange(iteration.FilledEffects);
        result.FilledVi.AddRange(iteration.MirroredRows.Select(r => vi[r]));
        return result;
    }
}
