using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Ensemble;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Vocabulary;

/// <summary>The contract's <see cref="RobustAveragingSpec"/> as the engines' ensemble definition.</summary>
public static class RobustAveragingSpecs
{
    /// <summary>The bias codes, in RoBMA-PSMA's order.</summary>
    public static IReadOnlyList<string> BiasCodes { get; } = ["none", "weight_functions", "pet", "peese"];

    /// <summary>The ensemble <paramref name="spec"/> describes (errors name fields under <paramref name="path"/>).</summary>
    public static EnsembleDefinition Definition(RobustAveragingSpec spec, string path)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var effect = Hypotheses(spec.Effect, $"{path}.effect");
        var heterogeneity = Hypotheses(spec.Heterogeneity, $"{path}.heterogeneity");
        for (var i = 0; i < spec.Bias.Count; i++)
        {
            if (!BiasCodes.Contains(spec.Bias[i]))
            {
                throw new InvalidInputException($"{path}.bias[{i}]", $"is {Validation.AnalysisValidator.Quote(spec.Bias[i])}; it must be one of {string.Join(", ", BiasCodes)}");
            }
        }

        if (spec.Bias.Distinct(StringComparer.Ordinal).Count() < spec.Bias.Count)
        {
            throw new InvalidInputException($"{path}.bias", "names an adjustment twice");
        }

        // RoBMA-PSMA's adjustments with their prior weights, kept by kind.
        var kept = EnsembleDefinition.RobmaPsmaBias()
            .Where(b => spec.Bias.Count == 0 || spec.Bias.Contains(Code(b.Adjustment)))
            .ToArray();
        return EnsembleDefinition.Create(EnsemblePriors.RobmaDefault, effect, heterogeneity, kept);
    }

    private static string Code(BiasAdjustment adjustment) => adjustment switch
    {
        NoBiasAdjustment => "none",
        WeightFunctionAdjustment => "weight_functions",
        RegressionAdjustment { Predictor: RegressionPredictor.StandardError } => "pet",
        _ => "peese",
    };

    private static ComponentHypotheses Hypotheses(string code, string field) => code switch
    {
        "" or "both" => ComponentHypotheses.Both,
        "absent" => ComponentHypotheses.AbsentOnly,
        "present" => ComponentHypotheses.PresentOnly,
        _ => throw new InvalidInputException(field, $"is {Validation.AnalysisValidator.Quote(code)}; it must be 'both' (the default), 'absent' or 'present'"),
    };
}
