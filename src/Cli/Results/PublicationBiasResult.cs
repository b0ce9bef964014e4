using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Cli.Results;

/// <summary>A trim-and-fill result.</summary>
/// <param name="Model">Random effects or three-level.</param>
/// <param name="Side">Where studies were presumed missing.</param>
/// <param name="Missing">k0, the estimated number of missing effects.</param>
/// <param name="Adjusted">The pooled estimate with the filled effects.</param>
/// <param name="FilledYi">The filled effects.</param>
/// <param name="FilledVi">Their sampling variances.</param>
public sealed record TrimAndFillSummary(string Model, string Side, int Missing, EstimateRow Adjusted, IReadOnlyList<double> FilledYi, IReadOnlyList<double> FilledVi);

/// <summary>The publication-bias checks on all effects.</summary>
/// <param name="Egger">Egger's mixed-effects regression test.</param>
/// <param name="Begg">Begg's rank correlation test.</param>
/// <param name="TrimAndFill">Trim-and-fill on random effects.</param>
/// <param name="ThreeLevelTrimAndFill">Trim-and-fill on the three-level model (when the data have studies).</param>
/// <param name="FailSafeN">Rosenthal's and Orwin's fail-safe N.</param>
public sealed record PublicationBiasResult(
    EggerRegressionTest? Egger,
    BeggRankCorrelationTest? Begg,
    TrimAndFillSummary? TrimAndFill,
    TrimAndFillSummary? ThreeLevelTrimAndFill,
    IReadOnlyList<FailSafeN> FailSafeN);
