using System.Text.Json.Nodes;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// The <c>egger</c> task: Egger's regression test with the standard error as predictor, as the
/// mixed-effects meta-regression (<c>model: rma</c>, τ² by <c>method</c>, REML by default) or the
/// classical weighted regression (<c>model: lm</c>).
/// </summary>
public sealed class EggerTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "egger";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var predictor = CaseReader.Text(testCase.Options, "predictor") ?? "sei";
        if (predictor != "sei")
        {
            throw new UnsupportedCaseException($"predictor '{predictor}' is not supported (only sei)");
        }

        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));
        var model = CaseReader.Text(testCase.Options, "model") ?? "rma";
        var result = model switch
        {
            "rma" => EggerRegressionTest.MixedEffects(data, new RandomEffectsOptions { Method = CaseReader.Text(testCase.Options, "method") ?? "REML" }),
            "lm" => EggerRegressionTest.Classical(data),
            _ => throw new UnsupportedCaseException($"model '{model}' is not supported (rma or lm)"),
        };

        var figures = new JsonObject
        {
            ["stat"] = result.Statistic,
            ["pval"] = result.PValue,
            ["limit_estimate"] = result.LimitEstimate,
            ["limit_se"] = result.LimitStandardError,
        };
        if (double.IsFinite(result.DegreesOfFreedom))
        {
            figures["df"] = result.DegreesOfFreedom;
        }

        return figures;
    }
}
