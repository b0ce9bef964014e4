using System.Text.Json.Nodes;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Tau2;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// The <c>rma</c> task: metafor's <c>rma.uni</c> with any τ² estimator, z, t or Knapp-Hartung tests, any
/// level and moderators (intercept implied). Figures as the reference README names them.
/// </summary>
public sealed class RmaTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "rma";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var method = CaseReader.Text(testCase.Options, "method") ?? "REML";
        if (!Tau2Estimators.Codes.Contains(method.ToUpperInvariant()) && method.ToUpperInvariant() is not ("FE" or "CE"))
        {
            throw new UnsupportedCaseException($"τ² estimator '{method}' is not supported");
        }

        var testCode = CaseReader.Text(testCase.Options, "test") ?? "z";
        if (testCode.ToUpperInvariant() is not ("Z" or "T" or "KNHA" or "HKSJ"))
        {
            throw new UnsupportedCaseException($"test '{testCode}' is not supported");
        }

        var options = new RandomEffectsOptions { Method = method, Test = RandomEffectsOptions.TestFromCode(testCode), Level = CaseReader.Level(testCase.Options) };
        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));
        var moderators = CaseReader.Moderators(testCase.Data);
        var design = moderators.Count == 0 ? null : DesignMatrix.Create(data.K, moderators);
        var fit = RandomEffectsModel.Fit(data, design, options);

        var result = Figures.Coefficients(fit.Coefficients);
        result["tau2"] = Figures.Number(fit.Tau2);
        result["i2"] = Figures.Number(fit.I2);
        result["h2"] = Figures.Number(fit.H2);
        result["qe"] = Figures.Number(fit.Qe);
        result["qe_pval"] = Figures.Number(fit.QePValue);
        result["k"] = Figures.Number(fit.K);
        result["qm"] = Figures.Number(fit.ModeratorTest.Statistic);
        result["qm_pval"] = Figures.Number(fit.ModeratorTest.PValue);

        if (fit.DegreesOfFreedom is { } df)
        {
            result["df"] = Figures.Number(df);
        }

        if (fit.R2 is { } r2)
        {
            result["r2"] = Figures.Number(r2);
        }

        if (!fit.Design.HasModerators)
        {
            var prediction = fit.Predict();
            result["pi_lb"] = Figures.Number(prediction.PiLower);
            result["pi_ub"] = Figures.Number(prediction.PiUpper);
        }

        if (fit.Estimator.EstimatesHeterogeneity)
        {
            var interval = fit.Tau2ConfidenceInterval();
            result["tau2_ci_lb"] = Figures.Number(interval.Tau2Lower);
            result["tau2_ci_ub"] = Figures.Number(interval.Tau2Upper);
            result["i2_ci_lb"] = Figures.Number(interval.I2Lower);
            result["i2_ci_ub"] = Figures.Number(interval.I2Upper);
            result["h2_ci_lb"] = Figures.Number(interval.H2Lower);
            result["h2_ci_ub"] = Figures.Number(interval.H2Upper);
            result["se_tau2"] = Figures.Number(fit.Tau2StandardError);
        }

        Figures.AddFitStatistics(result, fit.Statistics);
        return result;
    }
}
