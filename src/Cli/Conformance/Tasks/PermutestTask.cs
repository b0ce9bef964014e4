using System.Text.Json.Nodes;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Permutation;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>permutest</c>: metafor's <c>permutest(rma(yi, vi, mods, method, test))</c>, exact (every sign flip,
/// or every distinct permutation of the design's rows) or, with <c>exact: false</c>, over
/// <c>iterations</c> random arrangements drawn with <c>seed</c>. Figures: <c>pval</c> (one per
/// coefficient), <c>qm_pval</c>, <c>n_perm</c>, and the observed <c>stat</c> and <c>beta</c>.
/// </summary>
/// <remarks>
/// The contract's permutation test decides between exact and random as metafor's <c>permutest</c> does by
/// <c>iter</c>; a case states which it wants (<c>exact</c>), so it is run by Core directly, on the same
/// engine the contract's fitter calls.
/// </remarks>
public sealed class PermutestTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "permutest";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var options = testCase.Options;
        var engine = CaseAnalysis.Frequentist(options);
        if (engine.Test == "t")
        {
            throw new UnsupportedCaseException("permutation tests of t statistics without the Knapp-Hartung adjustment are not supported (z or knha)");
        }

        var model = new RandomEffectsOptions { Method = engine.Tau2Method, Test = RandomEffectsOptions.TestFromCode(engine.Test), Level = CaseReader.Level(options) };
        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));
        var design = DesignMatrix.Create(data.K, CaseReader.Moderators(testCase.Data));
        var exact = options["exact"]?.GetValue<bool>() ?? true;
        var result = exact
            ? PermutationTest.Exact(data, design, model)
            : PermutationTest.Random(data, design, model, (int)(CaseReader.Number(options, "iterations") ?? 1000), (int)(CaseReader.Number(options, "seed") ?? 1));
        return new JsonObject
        {
            ["pval"] = Figures.Array(result.PValues),
            ["qm_pval"] = result.ModeratorPValue,
            ["n_perm"] = result.Arrangements,
            ["stat"] = Figures.Array(result.Statistics),
            ["beta"] = Figures.Array(result.Beta),
        };
    }
}
