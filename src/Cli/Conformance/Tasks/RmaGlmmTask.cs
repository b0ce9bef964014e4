using System.Text.Json.Nodes;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>rma_glmm</c>: the binomial-normal model of 2x2 tables, <c>rma.glmm(measure = "OR", model = "UM.FS",
/// method = "ML")</c> with coding ½, by exact maximum likelihood: the contract's binomial-normal model on the
/// frequentist engine. Figures: <c>beta se tau2</c> and the exact marginal <c>loglik</c>.
/// </summary>
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
        var spec = new ModelSpec
        {
            Data = new DataSet
            {
                Raw = new RawColumns { Measure = "OR", Ai = { CaseReader.Numbers(data, "ai") }, Bi = { CaseReader.Numbers(data, "bi") }, Ci = { CaseReader.Numbers(data, "ci") }, Di = { CaseReader.Numbers(data, "di") } },
            },
            Model = new Model { BinomialNormal = new BinomialNormalSpec() },
            Engine = new Engine { Frequentist = new FrequentistEngine { Tau2Method = "ML" } },
            Report = new Reporting { Level = CaseReader.Level(options) },
        };
        var result = CaseAnalysis.Fit(spec);
        if (result.Warnings.Count > 0)
        {
            // A boundary fit (τ² at 0) is not the interior maximum metafor reports.
            throw new InvalidOperationException(result.Warnings[0]);
        }

        return new JsonObject
        {
            ["beta"] = result.Coefficients[0].Estimate,
            ["se"] = result.Coefficients[0].Se,
            ["tau2"] = result.Heterogeneity.Tau2,
            ["loglik"] = result.Fit.LogLikelihood,
        };
    }
}
