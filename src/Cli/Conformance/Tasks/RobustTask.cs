using System.Text.Json.Nodes;
using MetaAnalysis.Analysis.Vocabulary;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>robust</c>: cluster-robust inference on a fitted base model, as metafor's
/// <c>robust(fit, cluster, clubSandwich = TRUE)</c> reports it: the <c>rma_mv</c> model with the
/// frequentist engine's <c>robust</c> estimator (CR0, CR1, CR1p, CR2), Satterthwaite degrees of freedom.
/// </summary>
public sealed class RobustTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "robust";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var options = testCase.Options;
        var baseModel = CaseReader.Text(options, "base") ?? "rma_mv";
        if (baseModel != "rma_mv")
        {
            throw new UnsupportedCaseException($"robust inference on base model '{baseModel}' is not supported (rma_mv)");
        }

        var vcov = CaseReader.Text(options, "vcov") ?? "CR2";
        if (!RobustEstimators.All.Contains(vcov, StringComparer.Ordinal))
        {
            throw new UnsupportedCaseException($"vcov '{vcov}' is not supported ({string.Join(", ", RobustEstimators.All)})");
        }

        var df = CaseReader.Text(options, "df") ?? "satterthwaite";
        if (df != "satterthwaite")
        {
            // The service's cluster-robust inference always takes Satterthwaite degrees of freedom.
            throw new UnsupportedCaseException($"df '{df}' is not supported (satterthwaite)");
        }

        var (spec, order) = RmaMvTask.Spec(testCase);
        spec.Engine.Frequentist.Robust = vcov;
        var result = RmaMvTask.InCaseOrder(CaseAnalysis.Fit(spec), order);
        var figures = Figures.Coefficients(result.Coefficients);
        figures["df"] = Figures.Array(result.Coefficients.Select(c => c.Df));
        return figures;
    }
}
