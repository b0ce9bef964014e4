using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Frequentist.PublicationBias;

/// <summary>Duval and Tweedie's trim-and-fill on a random-effects (or equal-effects) model, as metafor's <c>trimfill</c>.</summary>
public sealed class RandomEffectsTrimAndFill
{
    private RandomEffectsTrimAndFill(FunnelSide side, TrimAndFillIteration iteration, RandomEffectsFit fit)
    {
        Side = side;
        Iteration = iteration;
        Fit = fit;
    }

    /// <summary>Where studies were presumed missing.</summary>
    public FunnelSide Side { get; }

    /// <summary>k0, the mirrored effects and the trimmed estimate.</summary>
    public TrimAndFillIteration Iteration { get; }

    /// <summary>The model refitted to the observed and filled-in effects (the observed fit when k0 = 0); filled effects come last.</summary>
    public RandomEffectsFit Fit { get; }

    /// <summary>Runs trim-and-fill with the τ² method and test of <paramref name="options"/> (REML by default).</summary>
    /// <remarks>
    /// When <paramref name="side"/> is not given it is chosen from the sign of the slope of the
    /// meta-regression of yi on √vi by the same method: a negative slope means small studies have small
    /// effects missing on the right, so studies are presumed missing on the right.
    /// </remarks>
    public static RandomEffectsTrimAndFill Run(
        EffectData data,
        RandomEffectsOptions? options = null,
        TrimAndFillEstimator estimator = TrimAndFillEstimator.L0,
        FunnelSide? side = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= RandomEffectsOptions.Default;
        var observed = RandomEffectsModel.Fit(data, design: null, options);
        var chosenSide = side ?? (RandomEffectsModel.Fit(data, EggerRegressionTest.StandardErrorDesign(data), options).Coefficients[1].Estimate < 0
            ? FunnelSide.Right
            : FunnelSide.Left);
        var iteration = TrimAndFillIteration.Run(data.Yi, chosenSide, estimator, rows =>
            RandomEffectsModel.Fit(data.Subset(rows), design: null, options).Coefficients[0].Estimate);
        if (iteration.MissingCount == 0)
        {
            return new RandomEffectsTrimAndFill(chosenSide, iteration, observed);
        }

        var filled = EffectData.Create(
            [.. data.Yi, .. iteration.FilledEffects],
            [.. data.Vi, .. iteration.MirroredRows.Select(r => data.Vi[r])],
            [.. data.Labels, .. Enumerable.Range(1, iteration.MissingCount).Select(i => $"Filled {i}")]);
        return new RandomEffectsTrimAndFill(chosenSide, iteration, RandomEffectsModel.Fit(filled, design: null, options));
    }
}
