using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Priors;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Data;

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

        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));
        var design = DesignMatrix.Create(data.K, CaseReader.Moderators(testCase.Data));
        var priors = testCase.Options["priors"] as JsonObject ?? throw new FormatException("options.priors is required");
        var model = ExactModel.ThreeLevel(
            data,
            CaseReader.Labels(testCase.Data, "cluster"),
            design,
            BayesRmaTask.CoefficientPriors(priors, design),
            PriorReader.Scale(priors, "sigma_between"),
            PriorReader.Scale(priors, "sigma_within"));
        var posterior = ExactBayes.Fit(model);
        var figures = BayesRmaTask.CommonFigures(posterior);
        figures["sigma_between"] = BayesRmaTask.Summary(posterior.Component("sigma_between"));
        figures["sigma_within"] = BayesRmaTask.Summary(posterior.Component("sigma_within"));
        return figures;
    }
}
