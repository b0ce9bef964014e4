using System.Text.Json.Nodes;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.LocationScale;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>rma_ls</c>: the location-scale model <c>rma(yi, vi, mods, scale, link = "log")</c> by REML or ML.
/// Figures: <c>beta se</c> (location), <c>alpha alpha_se</c> (scale, log link), <c>loglik</c>, and the
/// scale test <c>qs qs_pval</c>.
/// </summary>
/// <remarks>The contract cannot ask for a location-scale model yet, so the case is fitted by Core directly.</remarks>
public sealed class RmaLsTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "rma_ls";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var options = testCase.Options;
        var link = CaseReader.Text(options, "link") ?? "log";
        if (link != "log")
        {
            throw new UnsupportedCaseException($"link '{link}' is not supported (log)");
        }

        var estimator = (CaseReader.Text(options, "method") ?? "REML") switch
        {
            "REML" => LocationScaleEstimator.RestrictedMaximumLikelihood,
            "ML" => LocationScaleEstimator.MaximumLikelihood,
            var other => throw new UnsupportedCaseException($"method '{other}' is not supported for rma_ls (REML or ML)"),
        };

        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));
        var location = DesignMatrix.Create(data.K, CaseReader.Moderators(testCase.Data));
        var scale = DesignMatrix.Create(data.K, CaseReader.Moderators(testCase.Data, "scale_moderators"));
        var fit = LocationScaleModel.Fit(data, location, scale, new LocationScaleOptions(estimator, CaseReader.Level(options)));
        if (!fit.Converged)
        {
            throw new InvalidOperationException("the location-scale fit did not converge");
        }

        return new JsonObject
        {
            ["beta"] = Figures.Array(fit.Location.Select(c => c.Estimate)),
            ["se"] = Figures.Array(fit.Location.Select(c => c.StandardError)),
            ["alpha"] = Figures.Array(fit.Scale.Select(c => c.Estimate)),
            ["alpha_se"] = Figures.Array(fit.Scale.Select(c => c.StandardError)),
            ["qs"] = fit.ScaleTest.Statistic,
            ["qs_pval"] = fit.ScaleTest.PValue,
            ["loglik"] = fit.Statistics.LogLikelihood,
        };
    }
}
