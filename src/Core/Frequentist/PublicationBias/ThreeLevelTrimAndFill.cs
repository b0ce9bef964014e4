using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.PublicationBias;

/// <summary>
/// Trim-and-fill on a three-level model (effects nested in studies), which metafor refuses. The
/// trimming works on the effects as in the univariate method, but every pooled estimate is the
/// three-level model's, so dependent effects of one study are not counted as independent evidence.
/// </summary>
/// <remarks>
/// Each filled-in effect is the mirror image of an observed effect about the trimmed estimate and is
/// placed in a cluster of its own (labelled <c>filled-1</c>, <c>filled-2</c>, ...): it stands for a
/// missing study, not for another outcome of the study it mirrors. The side is chosen as for the
/// univariate method, from the sign of the slope of a three-level regression on √vi.
/// </remarks>
public sealed class ThreeLevelTrimAndFill
{
    private ThreeLevelTrimAndFill(FunnelSide side, TrimAndFillIteration iteration, ThreeLevelFit fit, IReadOnlyList<string> filledClusters)
    {
        Side = side;
        Iteration = iteration;
        Fit = fit;
        FilledClusters = filledClusters;
    }

    /// <summary>Where studies were presumed missing.</summary>
    public FunnelSide Side { get; }

    /// <summary>k0, the mirrored effects and the trimmed estimate.</summary>
    public TrimAndFillIteration Iteration { get; }

    /// <summary>The three-level model refitted to the observed and filled-in effects (the observed fit when k0 = 0).</summary>
    public ThreeLevelFit Fit { get; }

    /// <summary>Cluster labels of the filled-in effects.</summary>
    public IReadOnlyList<string> FilledClusters { get; }

    /// <summary>Runs trim-and-fill with the three-level model of <paramref name="options"/>.</summary>
    public static ThreeLevelTrimAndFill Run(
        EffectData data,
        IReadOnlyList<string> cluster,
        ThreeLevelOptions? options = null,
        TrimAndFillEstimator estimator = TrimAndFillEstimator.L0,
        FunnelSide? side = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(cluster);
        Guard.SameLength(cluster, "cluster", data.K, "yi");
        options ??= new ThreeLevelOptions();
        var observed = ThreeLevelModel.Fit(data, cluster, design: null, options);
        if (observed.Design.HasModerators)
        {
            throw new InvalidInputException("moderators", "trim-and-fill applies to models without moderators");
        }

        var chosenSide = side ?? ChooseSide(data, cluster, options);
        var iteration = TrimAndFillIteration.Run(data.Yi, chosenSide, estimator, rows =>
            ThreeLevelModel.Fit(data.Subset(rows), rows.Select(r => cluster[r]).ToArray(), design: null, options).Coefficients[0].Estimate);

        if (iteration.MissingCount == 0)
        {
            return new ThreeLevelTrimAndFill(chosenSide, iteration, observed, []);
        }

        var filledClusters = Enumerable.Range(1, iteration.MissingCount)
            .Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"filled-{i}"))
            .ToArray();
        var filled = EffectData.Create(
            [.. data.Yi, .. iteration.FilledEffects],
            [.. data.Vi, .. iteration.MirroredRows.Select(r => data.Vi[r])]);
        var refit = ThreeLevelModel.Fit(filled, [.. cluster, .. filledClusters], design: null, options);
        return new ThreeLevelTrimAndFill(chosenSide, iteration, refit, filledClusters);
    }

    private static FunnelSide ChooseSide(EffectData data, IReadOnlyList<string> cluster, ThreeLevelOptions options)
    {
        var slope = ThreeLevelModel.Fit(data, cluster, EggerRegressionTest.StandardErrorDesign(data), options).Coefficients[1].Estimate;
        return slope < 0 ? FunnelSide.Right : FunnelSide.Left;
    }
}
