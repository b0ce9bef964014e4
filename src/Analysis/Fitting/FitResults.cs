using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Frequentist;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>Parts of a <see cref="FitResult"/> every fitter fills the same way.</summary>
public static class FitResults
{
    /// <summary>A result for <paramref name="analysis"/> with the engine and model names, k, the effects left out, the description and the computed effect sizes (raw data only).</summary>
    public static FitResult Start(ValidatedAnalysis analysis, string engine, string description)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var result = new FitResult { Engine = engine, Model = analysis.ModelName, K = analysis.Data.K, Description = description };
        result.Omitted.AddRange(analysis.Data.Omitted);
        result.Priors.AddRange(PriorText.Of(analysis.Priors, analysis.Design.HasModerators));
        if (analysis.Dose is { } dose)
        {
            result.DoseUnits = new DoseUnits { Scale = dose.Scale, Unit = analysis.Spec.Model.DoseResponse.Unit };
        }
        if (analysis.Data.ComputedEffectSizes is { } computed)
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
        if (computed.ImputedCorrelationRows.Count > 0 && computed.ImputedCorrelation is { } r)
        {
            table.ImputedCorrelation = r;
        }

        return table;
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

    /// <summary>
    /// The summary of an exactly known posterior: moments, median, the equal-tailed interval at
    /// <paramref name="level"/>, P(&gt; 0) unless the parameter is <paramref name="positive"/> by
    /// construction, and, when asked, the HPD interval.
    /// </summary>
    public static PosteriorParameter Summary(string name, UnivariatePosterior posterior, double level, bool hpd, bool positive = false)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        var central = posterior.CentralInterval(level);
        var summary = new PosteriorParameter
        {
            Name = name,
            Mean = posterior.Mean,
            Sd = posterior.Sd,
            Median = posterior.Median,
            Lower = central.Lower,
            Upper = central.Upper,
        };
        if (!positive)
        {
            summary.ProbabilityPositive = posterior.ProbabilityAbove(0);
        }

        if (hpd)
        {
            var interval = posterior.HighestDensityInterval(level);
            summary.HpdLower = interval.Lower;
            summary.HpdUpper = interval.Upper;
        }

        return summary;
    }

    /// <summary>The likelihood-based fit statistics (log likelihood, deviance, AIC, BIC, AICc, parameters).</summary>
    public static ModelFit Fit(FitStatistics statistics, bool restricted)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return new ModelFit
        {
            LogLikelihood = statistics.LogLikelihood,
            Deviance = statistics.Deviance,
            Aic = statistics.Aic,
            Bic = statistics.Bic,
            Aicc = statistics.Aicc,
            Parameters = statistics.ParameterCount,
            Restricted = restricted,
        };
    }

    /// <summary>Whether a parameter name is of a quantity that is positive by construction (a standard deviation, a variance, I², ED50, a selection weight).</summary>
    public static bool IsPositiveByConstruction(string name) =>
        name is "tau" or "tau2" or "i2" or "sigma_between" or "sigma_within" or "ed50" || (name ?? string.Empty).StartsWith("omega[", StringComparison.Ordinal);
}
