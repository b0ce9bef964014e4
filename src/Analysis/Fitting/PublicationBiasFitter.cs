using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.PublicationBias;
using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// Publication-bias diagnostics: Egger's regression test (mixed-effects by default, or classical), Begg's
/// rank correlation test, Duval and Tweedie's trim-and-fill and Rosenthal's fail-safe N.
/// </summary>
/// <remarks>
/// Egger's mixed-effects test and trim-and-fill use the engine's τ² method and test (REML and z unless set),
/// as metafor's <c>regtest</c> and <c>trimfill</c> do on an <c>rma</c> fit; trim-and-fill uses the L0
/// estimator, the side chosen from Egger's test. It reports the number of filled effects (<c>trim_and_fill_k0</c> and its standard
/// error), the side (<c>trim_and_fill_side</c>: -1 left, +1 right) and the pooled estimate with the
/// filled effects as the coefficient <c>intrcpt (filled)</c>.
/// </remarks>
public sealed class PublicationBiasFitter : IFitter
{
    /// <inheritdoc />
    public bool Accepts(AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Model == Model.KindOneofCase.PublicationBias;
    }

    /// <inheritdoc />
    public FitResult Fit(AnalysisRequest request, IFitObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tests = request.Spec.Model.PublicationBias;
        var data = request.Data.Effects;
        var options = FrequentistFitter.Options(request);
        var result = FitResults.Start(request, "frequentist");
        if (tests.Egger)
        {
            var egger = tests.EggerModel == "lm" ? EggerRegressionTest.Classical(data) : EggerRegressionTest.MixedEffects(data, options);
            result.Add("egger_slope", egger.Slope);
            result.Add("egger_slope_se", egger.SlopeStandardError);
            if (double.IsFinite(egger.DegreesOfFreedom))
            {
                result.Add("egger_t", egger.Statistic);
                result.Add("egger_df", egger.DegreesOfFreedom);
            }
            else
            {
                result.Add("egger_z", egger.Statistic);
            }

            result.Add("egger_pval", egger.PValue);
            result.Add("egger_limit_estimate", egger.LimitEstimate);
            result.Add("egger_limit_se", egger.LimitStandardError);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (tests.Begg)
        {
            var begg = BeggRankCorrelationTest.Run(data);
            result.Add("begg_kendall_tau", begg.KendallTau);
            result.Add("begg_pval", begg.PValue);
        }

        if (tests.TrimAndFill)
        {
            var fill = RandomEffectsTrimAndFill.Run(data, options);
            result.Add("trim_and_fill_k0", fill.Iteration.MissingCount);
            result.Add("trim_and_fill_k0_se", fill.Iteration.MissingCountStandardError);
            result.Add("trim_and_fill_side", fill.Side == FunnelSide.Left ? -1 : 1);
            result.Coefficients.Add(FitResults.Coefficient(fill.Fit.Coefficients[0] with { Name = "intrcpt (filled)" }));
            result.Add("trim_and_fill_tau2", fill.Fit.Tau2);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (tests.FailSafeN)
        {
            var failSafe = FailSafeN.Rosenthal(data);
            result.Add("fail_safe_n", failSafe.Number);
            result.Add("fail_safe_n_pval", failSafe.PValue);
        }

        return result;
    }
}
