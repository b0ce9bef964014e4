using System.Text.Json.Nodes;
using MetaAnalysis.Core.Frequentist.Glmm;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>rma_glmm</c>: the binomial-normal model of 2x2 tables, <c>rma.glmm(measure = "OR", model = "UM.FS",
/// method = "ML")</c> with coding ½, by exact maximum likelihood. Figures: <c>beta se tau2</c> and the
/// exact marginal <c>loglik</c>.
/// </summary>
/// <remarks>The contract's binomial-normal model is Bayesian; this frequentist fit is run by Core directly.</remarks>
public sealed class RmaGlmmTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "rma_glmm";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var options = testCase.Options;
        var measure = CaseReader.Text(options, "measure") ?? "OR";
        var model = CaseReader.Text(options, "model") ?? "UM.FS";
        var method = CaseReader.Text(options, "method") ?? "ML";
        var coding = CaseReader.Number(options, "coding") ?? 0.5;
        if (measure != "OR" || model != "UM.FS" || method != "ML" || coding != 0.5)
        {
            throw new UnsupportedCaseException($"rma_glmm with measure {measure}, model {model}, method {method}, coding {coding} is not supported (OR, UM.FS, ML, 0.5)");
        }

        var data = testCase.Data;
        var fit = OddsRatioGlmm.Fit(CaseReader.Numbers(data, "ai"), CaseReader.Numbers(data, "bi"), CaseReader.Numbers(data, "ci"), CaseReader.Numbers(data, "di"), CaseReader.Level(options));
        if (!fit.Converged)
        {
            throw new InvalidOperationException("the GLMM fit did not converge");
        }

        return new JsonObject
        {
            ["beta"] = fit.Coefficient.Estimate,
            ["se"] = fit.Coefficient.StandardError,
            ["tau2"] = fit.Tau2,
            ["loglik"] = fit.LogLikelihood,
        };
    }
}
