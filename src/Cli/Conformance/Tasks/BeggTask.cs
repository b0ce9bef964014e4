using System.Text.Json.Nodes;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>Task <c>begg</c>: Begg and Mazumdar's rank correlation test, the contract's publication-bias check.</summary>
public sealed class BeggTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "begg";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var begg = CaseAnalysis.Fit(CaseAnalysis.PublicationBias(testCase, new PublicationBiasSpec { Begg = true })).PublicationBias.Begg;
        return new JsonObject
        {
            ["kendall_tau"] = begg.KendallTau,
            ["pval"] = begg.PValue,
        };
    }
}
