using System.Text.Json.Nodes;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary><c>bayes_rma_mv</c>: the Bayesian three-level model (effects nested in clusters), fitted by the exact engine.</summary>
public sealed class BayesRmaMvTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "bayes_rma_mv";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var random = CaseReader.Text(testCase.Options, "random") ?? "cluster/effect";
        if (random != "cluster/effect")
        {
            throw new UnsupportedCaseException($"random structure '{random}' is not supported; only cluster/effect (a three-level model)");
        }

        var moderators = CaseAnalysis.ModeratorNames(testCase.Data);
        var model = new Model { ThreeLevel = new ThreeLevelSpec { Moderators = { moderators } } };
        return BayesRmaTask.ExactFigures(testCase, model, moderators.Length > 0, "sigma_between", "sigma_within");
    }
}
