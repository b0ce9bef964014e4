using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist.PublicationBias;
using MetaAnalysis.Worker.Specs;

namespace MetaAnalysis.Worker.Fitting;

/// <summary>
/// Publication-bias diagnostics: Egger's classical regression test, Begg's rank correlation test and
/// Rosenthal's fail-safe N. Trim-and-fill needs the random-effects estimator and fails as not available
/// until that engine is in the build.
/// </summary>
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
        if (tests.TrimAndFill)
        {
            throw new EngineNotAvailableException("frequentist random-effects", "trim-and-fill");
        }

        var data = request.Data.Effects;
        var result = FitResults.Start(request, "frequentist");
        if (tests.Egger)
        {
            var egger = EggerRegressionTest.Classical(data);
            result.Add("egger_slope", egger.Slope);
            result.Add("egger_slope_se", egger.SlopeStandardError);
            result.Add("egger_t", egger.Statistic);
            result.Add("egger_df", egger.DegreesOfFreedom);
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

        if (tests.FailSafeN)
        {
            var failSafe = FailSafeN.Rosenthal(data);
            result.Add("fail_safe_n", failSafe.Number);
            result.Add("fail_safe_n_pval", failSafe.PValue);
        }

        return result;
    }
}
