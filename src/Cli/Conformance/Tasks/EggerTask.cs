using System.Text.Json.Nodes;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// The <c>egger</c> task: Egger's regression test with the standard error as predictor, as the
/// mixed-effects meta-regression (<c>model: rma</c>, τ² by <c>method</c>, REML by default) or the
/// classical weighted regression (<c>model: lm</c>), the contract's publication-bias check.
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

        var model = CaseReader.Text(testCase.Options, "model") ?? "rma";
        if (model is not ("rma" or "lm"))
        {
            throw new UnsupportedCaseException($"model '{model}' is not supported (rma or lm)");
        }

        var egger = CaseAnalysis.Fit(CaseAnalysis.PublicationBias(testCase, new PublicationBiasSpec { Egger = true, EggerModel = model })).PublicationBias.Egger;
        var figures = new JsonObject
        {
            ["stat"] = egger.Statistic,
            ["pval"] = egger.PValue,
            ["limit_estimate"] = egger.LimitEstimate,
            ["limit_se"] = egger.LimitSe,
        };
        Figures.Add(figures, "df", egger.HasDf ? egger.Df : null);
        return figures;
    }
}
