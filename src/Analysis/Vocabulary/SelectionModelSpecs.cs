using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.PublicationBias.Selection;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Vocabulary;

/// <summary>The contract's <see cref="SelectionModelSpec"/> as the engines' weight function and direction.</summary>
public static class SelectionModelSpecs
{
    /// <summary>The step function's cut points when a spec gives none: significant in the expected direction (one-sided p ≤ .025) or not.</summary>
    public static IReadOnlyList<double> DefaultSteps { get; } = [0.025, 1];

    /// <summary>
    /// Checks <paramref name="spec"/> on <paramref name="effects"/> (errors name fields under <paramref name="path"/>):
    /// its type, cut points and direction, and that every step holds an observed p-value. Returns its number of
    /// parameters (μ, τ², the free δ).
    /// </summary>
    public static int Check(SelectionModelSpec spec, string path, EffectData effects)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var alternative = Alternative(spec, path);
        var weights = WeightFunction(spec, path);
        try
        {
            (weights as StepWeightFunction)?.RequireEveryIntervalObserved(SelectionModel.OneSidedPValues(effects, alternative));
        }
        catch (InvalidInputException invalid)
        {
            throw new InvalidInputException($"{path}.{invalid.Field}", invalid.Problem);
        }

        return 2 + weights.FreeDeltaCount;
    }

    /// <summary>The weight function of <paramref name="spec"/>.</summary>
    public static SelectionWeightFunction WeightFunction(SelectionModelSpec spec, string path)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var steps = spec.Type == "stepfun" && spec.Steps.Count == 0 ? DefaultSteps : spec.Steps;
        try
        {
            return SelectionWeightFunction.FromType(spec.Type, steps.Count == 0 ? null : steps);
        }
        catch (InvalidInputException invalid)
        {
            throw new InvalidInputException($"{path}.{invalid.Field}", invalid.Problem);
        }
    }

    /// <summary>The direction of the p-values; "greater" when unset.</summary>
    public static SelectionAlternative Alternative(SelectionModelSpec spec, string path)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Direction(spec.Alternative, $"{path}.alternative");
    }

    /// <summary>"greater" (or empty) or "less" as a direction; anything else is an error naming <paramref name="field"/>.</summary>
    public static SelectionAlternative Direction(string code, string field) => code switch
    {
        "" or "greater" => SelectionAlternative.Greater,
        "less" => SelectionAlternative.Less,
        _ => throw new InvalidInputException(field, $"is {AnalysisValidator.Quote(code)}; it must be 'greater' (the default) or 'less'"),
    };

    /// <summary>The contract's code of a direction.</summary>
    public static string Code(SelectionAlternative alternative) => alternative == SelectionAlternative.Less ? "less" : "greater";
}
