using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>Parts of a <see cref="FitResult"/> every fitter fills the same way.</summary>
public static class FitResults
{
    /// <summary>A result for <paramref name="request"/> with the engine and model names, k, and the computed effect sizes (raw data only).</summary>
    public static FitResult Start(AnalysisRequest request, string engine)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = new FitResult { Engine = engine, Model = request.ModelName, K = request.Data.K };
        if (request.Data.ComputedEffectSizes is { } computed)
        {
            result.EffectSizes = Table(computed);
        }

        return result;
    }

    /// <summary>The effect sizes of a computation as a result table.</summary>
    public static EffectSizeTable Table(EffectSizeResult computed)
    {
        ArgumentNullException.ThrowIfNull(computed);
        var table = new EffectSizeTable { Measure = EffectSizeMeasureCode.Of(computed.Measure) };
        table.Yi.AddRange(computed.Yi);
        table.Vi.AddRange(computed.Vi);
        table.ZeroCellCorrectedRows.AddRange(computed.ZeroCellCorrectedRows);
        table.ImputedCorrelationRows.AddRange(computed.ImputedCorrelationRows);
        return table;
    }

    /// <summary>Adds a named statistic.</summary>
    public static void Add(this FitResult result, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.Statistics.Add(new NamedValue { Name = name, Value = value });
    }

    /// <summary>A frequentist coefficient (df 0 for a z test).</summary>
    public static Coefficient Coefficient(CoefficientEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return new Coefficient
        {
            Name = estimate.Name,
            Estimate = estimate.Estimate,
            Se = estimate.StandardError,
            Statistic = estimate.Statistic,
            PValue = estimate.PValue,
            CiLower = estimate.CiLower,
            CiUpper = estimate.CiUpper,
            Df = estimate.DegreesOfFreedom ?? 0,
        };
    }

    /// <summary>The summary of an exactly known posterior: moments, median, the equal-tailed interval at <paramref name="level"/> and, when asked, the HPD interval.</summary>
    public static ParameterSummary Summary(string name, UnivariatePosterior posterior, double level, bool hpd)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        var central = posterior.CentralInterval(level);
        var summary = new ParameterSummary
        {
            Name = name,
            Mean = posterior.Mean,
            Sd = posterior.Sd,
            Median = posterior.Median,
            Lower = central.Lower,
            Upper = central.Upper,
        };
        if (hpd)
        {
            var interval = posterior.HighestDensityInterval(level);
            summary.HpdLower = interval.Lower;
            summary.HpdUpper = interval.Upper;
        }

        return summary;
    }

    /// <summary>Copies the likelihood-based fit statistics (log likelihood, AIC, BIC and the number of parameters).</summary>
    public static ModelFit Fit(FitStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return new ModelFit { LogLikelihood = statistics.LogLikelihood, Aic = statistics.Aic, Bic = statistics.Bic, Parameters = statistics.ParameterCount };
    }
}
