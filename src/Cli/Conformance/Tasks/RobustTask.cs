using System.Text.Json.Nodes;
using MetaAnalysis.Core.Frequentist.Robust;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>robust</c>: cluster-robust inference on a fitted base model, as metafor's
/// <c>robust(fit, cluster, clubSandwich = TRUE)</c> reports it (CR2, Satterthwaite df).
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

        var type = (CaseReader.Text(options, "vcov") ?? "CR2") switch
        {
            "CR0" => SandwichType.CR0,
            "CR1" => SandwichType.CR1,
            "CR1p" => SandwichType.CR1p,
            "CR2" => SandwichType.CR2,
            var other => throw new UnsupportedCaseException($"vcov '{other}' is not supported (CR0, CR1, CR1p, CR2)"),
        };
        var df = (CaseReader.Text(options, "df") ?? "satterthwaite") switch
        {
            "satterthwaite" => RobustDegreesOfFreedom.Satterthwaite,
            "residual" => RobustDegreesOfFreedom.ClustersMinusCoefficients,
            "naive" => RobustDegreesOfFreedom.ClustersMinusOne,
            var other => throw new UnsupportedCaseException($"df '{other}' is not supported (satterthwaite, residual, naive)"),
        };

        var fit = RmaMvTask.FitCase(testCase);
        var robust = ClusterRobustInference.Compute(fit, new ClusterRobustOptions(type, df, fit.Options.Level));
        var result = Figures.Coefficients(robust.Coefficients);
        result["df"] = Figures.Array(robust.Coefficients.Select(c => c.DegreesOfFreedom!.Value));
        return result;
    }
}
