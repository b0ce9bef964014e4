using System.Text.Json.Nodes;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// The <c>trimfill</c> task: trim-and-fill with the L0 or R0 estimator, refitted by <c>method</c>. With a
/// <c>cluster</c> column the pooling model is the three-level model (effects nested in clusters).
/// </summary>
/// <remarks>
/// The contract's trim-and-fill is L0 with the side chosen from Egger's test, and reports a three-level
/// fill's variance components as their sum. A case with another estimator or a given side, and the two
/// σ² of a three-level fill, are computed by Core on the validated analysis: the contract cannot ask for
/// them.
/// </remarks>
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
        var nested = testCase.Data.ContainsKey("cluster");
        if (nested && method is not ("REML" or "ML"))
        {
            throw new UnsupportedCaseException($"three-level trim-and-fill by '{method}' is not supported (REML or ML)");
        }

        var analysis = CaseAnalysis.Validate(CaseAnalysis.PublicationBias(testCase, new PublicationBiasSpec { TrimAndFill = true }));
        var effects = analysis.Data.Effects;
        var threeLevel = new ThreeLevelOptions(method == "ML" ? ThreeLevelEstimator.MaximumLikelihood : ThreeLevelEstimator.RestrictedMaximumLikelihood);
        if (estimator == TrimAndFillEstimator.L0 && side is null)
        {
            var fill = CaseAnalysis.Fit(analysis).PublicationBias.TrimAndFill.Single(t => t.Model == (nested ? "three_level" : "random_effects"));
            var figures = new JsonObject
            {
                ["k0"] = fill.Missing,
                ["side"] = fill.Side,
                ["estimate"] = fill.Adjusted.Estimate,
                ["se"] = fill.Adjusted.Se,
            };
            if (nested)
            {
                var components = ThreeLevelTrimAndFill.Run(effects, analysis.Data.Clusters!, threeLevel).Fit;
                figures["sigma2"] = Figures.Array([components.Sigma2Between, components.Sigma2Within]);
            }
            else
            {
                figures["tau2"] = fill.Tau2;
            }

            return figures;
        }

        if (nested)
        {
            var fill = ThreeLevelTrimAndFill.Run(effects, analysis.Data.Clusters!, threeLevel, estimator, side);
            return new JsonObject
            {
                ["k0"] = fill.Iteration.MissingCount,
                ["side"] = SideName(fill.Side),
                ["estimate"] = fill.Fit.Coefficients[0].Estimate,
                ["se"] = fill.Fit.Coefficients[0].StandardError,
                ["sigma2"] = Figures.Array([fill.Fit.Sigma2Between, fill.Fit.Sigma2Within]),
            };
        }

        var result = RandomEffectsTrimAndFill.Run(effects, analysis.Frequentist!, estimator, side);
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
