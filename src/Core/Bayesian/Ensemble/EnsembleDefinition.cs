using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// The models a robust Bayesian model-averaged meta-analysis compares and averages, with their prior
/// probabilities: every combination of the effect's and the heterogeneity's hypotheses with every
/// publication-bias adjustment.
/// </summary>
/// <remarks>
/// As in RoBMA, a member's prior probability is the product of its components' prior weights, each
/// normalized within its component: effect absent/present, heterogeneity absent/present, and the
/// publication-bias adjustments (none included).
/// </remarks>
public sealed class EnsembleDefinition
{
    private EnsembleDefinition(EnsemblePriors priors, IReadOnlyList<EnsembleMember> members)
    {
        Priors = priors;
        Members = members;
    }

    /// <summary>The priors shared by the members.</summary>
    public EnsemblePriors Priors { get; }

    /// <summary>The members, effect and heterogeneity varying slowest, bias adjustments in the order given.</summary>
    public IReadOnlyList<EnsembleMember> Members { get; }

    /// <summary>
    /// RoBMA-PSMA (Bartoš et al. 2022), RoBMA's default ensemble of 36 models: effect absent/present ×
    /// heterogeneity absent/present × nine publication-bias adjustments.
    /// </summary>
    /// <remarks>
    /// The adjustments and prior weights are those of RoBMA's defaults (<c>RoBMA()</c>'s <c>priors_bias</c> and
    /// <c>priors_bias_null = prior_none()</c>, weight 1): no adjustment, weight 1; weight functions with RoBMA's
    /// cumulative Dirichlet prior, α = 1 per interval, weight 1/12 each: two-sided (.05), two-sided (.05, .10),
    /// one-sided (.05), one-sided (.025, .05), one-sided (.05, .50), one-sided (.025, .05, .50); PET with
    /// β ~ Cauchy(0, 1) truncated to β &gt; 0, weight 1/4; PEESE with β ~ Cauchy(0, 5) truncated to β &gt; 0, weight 1/4.
    /// Normalized, the bias component has prior probability 1/2 (1/4 for the weight functions together, 1/8 each
    /// for PET and PEESE), so a member with no adjustment has prior probability 1/8, one with a weight function
    /// 1/96 and one with PET or PEESE 1/32.
    /// </remarks>
    public static EnsembleDefinition RobmaPsma(EnsemblePriors? priors = null) =>
        Create(priors ?? EnsemblePriors.RobmaDefault, ComponentHypotheses.Both, ComponentHypotheses.Both, RobmaPsmaBias());

    /// <summary>RoBMA-PSMA's publication-bias adjustments with their prior weights (not normalized), no adjustment first.</summary>
    public static IReadOnlyList<(BiasAdjustment Adjustment, double PriorWeight)> RobmaPsmaBias() =>
    [
        (BiasAdjustment.None, 1),
        (BiasAdjustment.WeightFunction(PValueSides.TwoSided, [0.05]), 1.0 / 12),
        (BiasAdjustment.WeightFunction(PValueSides.TwoSided, [0.05, 0.10]), 1.0 / 12),
        (BiasAdjustment.WeightFunction(PValueSides.OneSided, [0.05]), 1.0 / 12),
        (BiasAdjustment.WeightFunction(PValueSides.OneSided, [0.025, 0.05]), 1.0 / 12),
        (BiasAdjustment.WeightFunction(PValueSides.OneSided, [0.05, 0.50]), 1.0 / 12),
        (BiasAdjustment.WeightFunction(PValueSides.OneSided, [0.025, 0.05, 0.50]), 1.0 / 12),
        (BiasAdjustment.Pet(ScalePrior.HalfCauchy(1)), 1.0 / 4),
        (BiasAdjustment.Peese(ScalePrior.HalfCauchy(5)), 1.0 / 4),
    ];

    /// <summary>
    /// A user-chosen ensemble: the effect's and heterogeneity's hypotheses, and the bias adjustments with
    /// positive prior weights (<see cref="BiasAdjustment.None"/> among them for members without adjustment).
    /// </summary>
    public static EnsembleDefinition Create(
        EnsemblePriors priors,
        ComponentHypotheses effect,
        ComponentHypotheses heterogeneity,
        IReadOnlyList<(BiasAdjustment Adjustment, double PriorWeight)> bias)
    {
        ArgumentNullException.ThrowIfNull(priors);
        ArgumentNullException.ThrowIfNull(bias);
        if (bias.Count == 0)
        {
            throw new InvalidInputException("bias", "needs at least one adjustment (BiasAdjustment.None for members without one)");
        }

        for (var b = 0; b < bias.Count; b++)
        {
            ArgumentNullException.ThrowIfNull(bias[b].Adjustment);
            if (!(bias[b].PriorWeight > 0) || !double.IsFinite(bias[b].PriorWeight))
            {
                throw new InvalidInputException(Guard.Element("bias", b) + ".prior_weight", "must be a finite number greater than 0");
            }
        }

        var biasTotal = bias.Sum(b => b.PriorWeight);
        var members = new List<EnsembleMember>();
        foreach (var (hasEffect, effectProbability) in Hypotheses(effect))
        {
            foreach (var (hasHeterogeneity, heterogeneityProbability) in Hypotheses(heterogeneity))
            {
                foreach (var (adjustment, weight) in bias)
                {
                    members.Add(new EnsembleMember(hasEffect, hasHeterogeneity, adjustment, effectProbability * heterogeneityProbability * weight / biasTotal));
                }
            }
        }

        return new EnsembleDefinition(priors, members);
    }

    /// <summary>This ensemble restricted to the members <paramref name="keep"/> accepts, prior probabilities renormalized.</summary>
    public EnsembleDefinition Where(Func<EnsembleMember, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var kept = Members.Where(keep).ToArray();
        if (kept.Length == 0)
        {
            throw new InvalidInputException("members", "the selection leaves no member in the ensemble");
        }

        var total = kept.Sum(m => m.PriorProbability);
        return new EnsembleDefinition(Priors, kept.Select(m => m with { PriorProbability = m.PriorProbability / total }).ToArray());
    }

    private static (bool Present, double Probability)[] Hypotheses(ComponentHypotheses hypotheses) => hypotheses switch
    {
        ComponentHypotheses.Both => [(false, 0.5), (true, 0.5)],
        ComponentHypotheses.AbsentOnly => [(false, 1)],
        ComponentHypotheses.PresentOnly => [(true, 1)],
        _ => throw new InvalidInputException("hypotheses", $"unknown hypotheses '{hypotheses}'"),
    };
}
