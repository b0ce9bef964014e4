using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Cli.Results;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Cli.Running;

/// <summary>Runs the plan's publication-bias checks on all effects: Egger, Begg, trim-and-fill (random effects and, with studies, three levels), fail-safe N.</summary>
public static class PublicationBiasChecks
{
    /// <summary>Runs the checks <paramref name="plan"/> asks for.</summary>
    public static PublicationBiasResult Run(PublicationBiasPlan plan, AnalysisData data)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(data);
        var effects = data.Effects;
        TrimAndFillSummary? randomEffects = null;
        TrimAndFillSummary? threeLevel = null;
        if (plan.TrimAndFill)
        {
            var fill = RandomEffectsTrimAndFill.Run(effects);
            randomEffects = Summary("random effects (REML)", fill.Side, fill.Iteration, fill.Fit.Coefficients[0], effects);
            if (data.Studies is { } studies)
            {
                var nested = ThreeLevelTrimAndFill.Run(effects, studies);
                threeLevel = Summary("three-level (REML)", nested.Side, nested.Iteration, nested.Fit.Coefficients[0], effects);
            }
        }

        return new PublicationBiasResult(
            plan.Egger ? EggerRegressionTest.MixedEffects(effects) : null,
            plan.Begg ? BeggRankCorrelationTest.Run(effects) : null,
            randomEffects,
            threeLevel,
            plan.FailSafeN ? [FailSafeN.Rosenthal(effects), FailSafeN.Orwin(effects)] : []);
    }

    private static TrimAndFillSummary Summary(string model, FunnelSide side, TrimAndFillIteration iteration, CoefficientEstimate adjusted, EffectData data) => new(
        model,
        side == FunnelSide.Left ? "left" : "right",
        iteration.MissingCount,
        new EstimateRow("adjusted estimate", adjusted.Estimate, adjusted.StandardError, adjusted.CiLower, adjusted.CiUpper, PValue: adjusted.PValue),
        iteration.FilledEffects,
        iteration.MirroredRows.Select(r => data.Vi[r]).ToArray());
}
