using System.Text.Json.Nodes;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>Task <c>begg</c>: Begg and Mazumdar's rank correlation test.</summary>
public sealed class BeggTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "begg";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));
        var result = BeggRankCorrelationTest.Run(data);
        return new JsonObject
        {
            ["kendall_tau"] = result.KendallTau,
            ["pval"] = result.PValue,
        };
    }
}
