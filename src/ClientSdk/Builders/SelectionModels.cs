using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>
/// Selection models of publication bias, by metafor's weight functions, for
/// <see cref="AnalysisBuilder.PublicationBias"/>. Studies are taken to be published with a probability that
/// depends on their one-sided p-value; each factory's <c>lessIsSelected</c> says selection
/// favours negative rather than positive effects.
/// </summary>
public static class SelectionModels
{
    /// <summary>The step function with cut points <paramref name="steps"/> (increasing in (0, 1]; 1 is added when missing), one weight per interval, the first fixed at 1.</summary>
    /// <exception cref="ArgumentException">No cut point, or cut points that do not increase inside (0, 1].</exception>
    public static SelectionModelSpec StepFunction(IEnumerable<double> steps, bool lessIsSelected = false)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var cuts = steps.ToArray();
        if (cuts.Length == 0 || cuts.Where((s, i) => !(s > 0 && s <= 1) || (i > 0 && !(s > cuts[i - 1]))).Any())
        {
            throw new ArgumentException("cut points must increase strictly inside (0, 1]", nameof(steps));
        }

        var spec = Of("stepfun", lessIsSelected);
        spec.Steps.AddRange(cuts);
        return spec;
    }

    /// <summary>The beta weight function w(p) = p^(δ₁-1) (1-p)^(δ₂-1).</summary>
    public static SelectionModelSpec Beta(bool lessIsSelected = false) => Of("beta", lessIsSelected);

    /// <summary>The half-normal weight function w(p) = exp(-δ p²).</summary>
    public static SelectionModelSpec HalfNormal(bool lessIsSelected = false) => Of("halfnorm", lessIsSelected);

    /// <summary>The negative-exponential weight function w(p) = exp(-δ p).</summary>
    public static SelectionModelSpec NegativeExponential(bool lessIsSelected = false) => Of("negexp", lessIsSelected);

    /// <summary>The logistic weight function w(p) = 2 exp(-δ p) / (1 + exp(-δ p)).</summary>
    public static SelectionModelSpec Logistic(bool lessIsSelected = false) => Of("logistic", lessIsSelected);

    /// <summary>The power weight function w(p) = (1-p)^δ.</summary>
    public static SelectionModelSpec Power(bool lessIsSelected = false) => Of("power", lessIsSelected);

    private static SelectionModelSpec Of(string type, bool lessIsSelected) => new() { Type = type, Alternative = lessIsSelected ? "less" : "greater" };
}
