using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Examples;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.PublicationBias;
using MetaAnalysis.Core.Frequentist.Subgroups;

namespace MetaAnalysis.Cli.Analysis;

/// <summary>A pooled estimate with its interval.</summary>
public sealed record PooledEstimate(string Label, int K, double Estimate, double StandardError, double CiLower, double CiUpper, double PValue);

/// <summary>Subgroup estimates and the test of their differences (separate τ² per subgroup).</summary>
public sealed record SubgroupSummary(string Moderator, IReadOnlyList<PooledEstimate> Levels, double Q, int DegreesOfFreedom, double PValue);

/// <summary>Results at one assumed pre/post correlation.</summary>
public sealed record SensitivityRow(double AssumedCorrelation, PooledEstimate RandomEffects, PooledEstimate ThreeLevel);

/// <summary>Everything the example analysis reports.</summary>
public sealed record RtmsAnalysisResult(
    int K,
    int Studies,
    int ImputedCorrelations,
    double ImputedCorrelation,
    PooledEstimate RandomEffects,
    double Tau2,
    double I2,
    double PredictionLower,
    double PredictionUpper,
    IReadOnlyList<SubgroupSummary> Subgroups,
    PooledEstimate ThreeLevel,
    double Sigma2Between,
    double Sigma2Within,
    PooledEstimate DoseSlopePer10000Pulses,
    EggerRegressionTest Egger,
    BeggRankCorrelationTest Begg,
    int TrimFillMissing,
    string TrimFillSide,
    PooledEstimate TrimFillAdjusted,
    int ThreeLevelTrimFillMissing,
    PooledEstimate ThreeLevelTrimFillAdjusted,
    IReadOnlyList<SensitivityRow> Sensitivity);

/// <summary>
/// The frequentist part of the example analysis plan: standardized mean change with the pre/post
/// correlation imputed and swept, random effects overall and by group, metabolite and sequence, the
/// three-level model of effects within studies, a linear dose-response on total pulses, and the
/// publication-bias checks.
/// </summary>
public static class RtmsAnalysis
{
    private static readonly string[] SubgroupColumns = ["group", "metabolite", "sequence"];

    /// <summary>Runs the analysis on <paramref name="table"/> (the example's columns).</summary>
    public static RtmsAnalysisResult Run(StudyTable table, double imputedCorrelation = RtmsExample.DefaultImputedCorrelation)
    {
        ArgumentNullException.ThrowIfNull(table);
        var (effectSizes, data) = RtmsExample.Effects(table, imputedCorrelation);
        var studies = table.Text("study");
        var overall = RandomEffectsModel.Fit(data);
        var prediction = overall.Predict();

        var subgroups = SubgroupColumns
            .Select(column => Subgroups(column, data, table.Text(column)))
            .ToArray();

        var threeLevel = ThreeLevelModel.Fit(data, studies);
        var pulses = table.Numbers("pulses_total").Select(p => p / 10000).ToArray();
        var dose = ThreeLevelModel.Fit(data, studies, DesignMatrix.Create(data.K, [Moderator.Continuous("pulses_total", pulses)]));

        var trimFill = RandomEffectsTrimAndFill.Run(data);
        var nestedTrimFill = ThreeLevelTrimAndFill.Run(data, studies);

        var sensitivity = RtmsExample.SensitivityCorrelations.Select(r =>
        {
            var (_, swept) = RtmsExample.Effects(table, r);
            return new SensitivityRow(
                r,
                Pooled("random effects", RandomEffectsModel.Fit(swept)),
                Pooled("three-level", ThreeLevelModel.Fit(swept, studies), 0));
        }).ToArray();

        return new RtmsAnalysisResult(
            data.K,
            studies.Distinct(StringComparer.Ordinal).Count(),
            effectSizes.ImputedCorrelationRows.Count,
            imputedCorrelation,
            Pooled("random effects (REML)", overall),
            overall.Tau2,
            overall.I2,
            prediction.PiLower,
            prediction.PiUpper,
            subgroups,
            Pooled("three-level (REML)", threeLevel, 0),
            threeLevel.Sigma2Between,
            threeLevel.Sigma2Within,
            Pooled("slope per 10,000 pulses", dose, 1),
            EggerRegressionTest.MixedEffects(data),
            BeggRankCorrelationTest.Run(data),
            trimFill.Iteration.MissingCount,
            trimFill.Side == FunnelSide.Left ? "left" : "right",
            Pooled("trim-and-fill adjusted", trimFill.Fit),
            nestedTrimFill.Iteration.MissingCount,
            Pooled("three-level trim-and-fill adjusted", nestedTrimFill.Fit, 0),
            sensitivity);
    }

    private static SubgroupSummary Subgroups(string column, EffectData data, string[] levels)
    {
        var analysis = SubgroupAnalysis.Fit(data, levels);
        var test = analysis.SeparateTau2Test
            ?? throw new InvalidOperationException($"column '{column}' has a single level, so there are no subgroups to compare");
        return new SubgroupSummary(
            column,
            analysis.Subgroups.Select(s => Pooled(s.Level, s.Fit)).ToArray(),
            test.Q,
            test.DegreesOfFreedom,
            test.PValue);
    }

    private static PooledEstimate Pooled(string label, RandomEffectsFit fit) => Pooled(label, fit.K, fit.Coefficients[0]);

    private static PooledEstimate Pooled(string label, ThreeLevelFit fit, int coefficient) => Pooled(label, fit.K, fit.Coefficients[coefficient]);

    private static PooledEstimate Pooled(string label, int k, CoefficientEstimate c) =>
        new(label, k, c.Estimate, c.StandardError, c.CiLower, c.CiUpper, c.PValue);
}
