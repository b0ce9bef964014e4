using System.Text.Json.Nodes;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// The <c>trimfill</c> task: trim-and-fill with the L0 or R0 estimator, refitted by <c>method</c>. With a
/// <c>cluster</c> column the pooling model is the three-level model (effects nested in clusters).
/// </summary>
public sealed class TrimfillTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "trimfill";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var estimator = (CaseReader.Text(testCase.Options, "estimator") ?? "L0") switch
        {
            "L0" => TrimAndFillEstimator.L0,
            "R0" => TrimAndFillEstimator.R0,
            var other => throw new UnsupportedCaseException($"estimator '{other}' is not supported (L0 or R0)"),
        };
        FunnelSide? side = CaseReader.Text(testCase.Options, "side") switch
        {
            null => null,
            "left" => FunnelSide.Left,
            "right" => FunnelSide.Right,
            var other => throw new FormatException($"options.side must be left or right, got '{other}'"),
        };
        var method = CaseReader.Text(testCase.Options, "method") ?? "REML";
        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));

        if (testCase.Data.ContainsKey("cluster"))
        {
            var threeLevelEstimator = method switch
            {
                "REML" => ThreeLevelEstimator.RestrictedMaximumLikelihood,
                "ML" => ThreeLevelEstimator.MaximumLikelihood,
                _ => throw new UnsupportedCaseException($"three-level trim-and-fill by '{method}' is not supported (REML or ML)"),
            };
            var nested = ThreeLevelTrimAndFill.Run(data, CaseReader.Labels(testCase.Data, "cluster"), new ThreeLevelOptions(threeLevelEstimator), estimator, side);
            return new JsonObject
            {
                ["k0"] = nested.Iteration.MissingCount,
                ["side"] = SideName(nested.Side),
                ["estimate"] = nested.Fit.Coefficients[0].Estimate,
                ["se"] = nested.Fit.Coefficients[0].StandardError,
                ["sigma2"] = Figures.Array([nested.Fit.Sigma2Between, nested.Fit.Sigma2Within]),
            };
        }

        var result = RandomEffectsTrimAndFill.Run(data, new RandomEffectsOptions { Method = method }, estimator, side);
        return new JsonObject
        {
            ["k0"] = result.Iteration.MissingCount,
            ["side"] = SideName(result.Side),
            ["estimate"] = result.Fit.Coefficients[0].Estimate,
            ["se"] = result.Fit.Coefficients[0].StandardError,
            ["tau2"] = result.Fit.Tau2,
        };
    }

    private static string SideName(FunnelSide side) => side == FunnelSide.Left ? "left" : "right";
}
