using System.Globalization;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Core.Bayesian.Priors;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// A model's priors as a reader writes them — "μ ~ Normal(0, 1)", "τ ~ Half-normal(0.5)" — for the result,
/// the console and the report (the spec's own form is for machines).
/// </summary>
public static class PriorText
{
    /// <summary>One line per prior the model has, in the order of its parameters; empty for frequentist models.</summary>
    public static IReadOnlyList<string> Of(AnalysisPriors priors, bool hasSlopes)
    {
        ArgumentNullException.ThrowIfNull(priors);
        var lines = new List<string>();
        void Add(string parameter, object? prior)
        {
            if (prior is not null)
            {
                // A prior put on τ² names τ² itself.
                var text = Describe(prior);
                lines.Add(text.StartsWith("τ² ~", StringComparison.Ordinal) ? text : $"{parameter} ~ {text}");
            }
        }

        Add("μ", priors.Mu);
        if (hasSlopes)
        {
            Add("each slope", priors.Slopes);
        }

        Add("τ", priors.Tau);
        Add("σ between", priors.SigmaBetween);
        Add("σ within", priors.SigmaWithin);
        Add("E0", priors.E0);
        Add("Emax", priors.Emax);
        Add("ED50", priors.Ed50);
        Add("α₀ (log τ² intercept)", priors.ScaleIntercept);
        Add("each scale slope", priors.ScaleSlopes);
        return lines;
    }

    /// <summary>One prior in words and numbers.</summary>
    public static string Describe(object prior) => prior switch
    {
        NormalPrior n => Text($"Normal({n.Mean}, {n.Sd})"),
        HalfNormalPrior h => Text($"Half-normal({h.Scale})"),
        HalfStudentTPrior { DegreesOfFreedom: 1 } c => Text($"Half-Cauchy({c.Scale})"),
        HalfStudentTPrior t => Text($"Half-t({t.DegreesOfFreedom} df, scale {t.Scale})"),
        UniformPrior u => Text($"Uniform(0, {u.UpperBound})"),
        InverseGammaOnTau2Prior g => Text($"τ² ~ Inverse-gamma({g.Shape}, {g.Scale})"),
        LogNormalOnTau2Prior l => Text($"τ² ~ Log-normal({l.MeanLog}, {l.SdLog})"),
        LogNormalPrior l => Text($"Log-normal({l.MeanLog}, {l.SdLog})"),
        GammaPrior g => Text($"Gamma(shape {g.Shape}, rate {g.Rate})"),
        _ => prior.ToString() ?? string.Empty,
    };

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
