using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.Robust;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>rma_mv_v</c>: the three-level model on correlated sampling errors,
/// <c>rma.mv(yi, vcalc(vi, cluster, obs = effect, rho), random = ~ 1 | cluster/effect)</c>, optionally with
/// CR2 cluster-robust inference and Satterthwaite degrees of freedom (<c>vcov: CR2</c>).
/// </summary>
/// <remarks>
/// With <c>options.rho</c> (one working correlation within every cluster) the case is a three-level model of
/// the contract with <c>sampling_correlation</c>, run through the validator and the fitter as a plan's model
/// would be. A case that gives <c>data.V</c> itself (a k x k array of arrays, covariance per pair) is fitted
/// by Core directly: the contract describes V by ρ only.
/// </remarks>
public sealed class RmaMvVTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "rma_mv_v";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var options = testCase.Options;
        var random = CaseReader.Text(options, "random") ?? "cluster/effect";
        if (random != "cluster/effect")
        {
            throw new UnsupportedCaseException($"random structure '{random}' is not supported (only cluster/effect)");
        }

        var estimator = (CaseReader.Text(options, "method") ?? "REML") switch
        {
            "REML" => ThreeLevelEstimator.RestrictedMaximumLikelihood,
            "ML" => ThreeLevelEstimator.MaximumLikelihood,
            var other => throw new UnsupportedCaseException($"method '{other}' is not supported for rma_mv_v (REML or ML)"),
        };
        var test = (CaseReader.Text(options, "test") ?? "z") switch
        {
            "z" => CoefficientTest.Z,
            "t" => CoefficientTest.T,
            var other => throw new UnsupportedCaseException($"test '{other}' is not supported for rma_mv_v (z or t)"),
        };
        var level = CaseReader.Level(options);
        var vcov = CaseReader.Text(options, "vcov");
        if (vcov is not null && (vcov != "CR2" || (CaseReader.Text(options, "df") ?? "satterthwaite") != "satterthwaite"))
        {
            throw new UnsupportedCaseException($"vcov '{vcov}' with df '{CaseReader.Text(options, "df")}' is not supported (CR2, satterthwaite)");
        }

        if (testCase.Data["V"] is null)
        {
            return ThroughTheContract(testCase, vcov is not null);
        }

        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));
        var clusters = EffectClusters.Create(CaseReader.Labels(testCase.Data, "cluster"), data.K);
        var design = DesignMatrix.Create(data.K, CaseReader.Moderators(testCase.Data));
        var fit = ThreeLevelModel.Fit(data, clusters, SamplingCovarianceOf(testCase, data, clusters), design, new ThreeLevelOptions(estimator, test, level));
        var sigma2 = Figures.Array([fit.Sigma2Between, fit.Sigma2Within]);

        if (vcov is null)
        {
            var figures = CoefficientFigures(fit.Coefficients);
            figures["sigma2"] = sigma2;
            figures["qe"] = fit.Qe;
            figures["qe_pval"] = fit.QePValue;
            figures["loglik"] = fit.Statistics.LogLikelihood;
            return figures;
        }

        var robust = ClusterRobustInference.Compute(fit, new ClusterRobustOptions(SandwichType.CR2, RobustDegreesOfFreedom.Satterthwaite, level));
        var robustFigures = CoefficientFigures(robust.Coefficients);
        robustFigures["df"] = Figures.Array(robust.Coefficients.Select(c => c.DegreesOfFreedom ?? double.NaN));
        robustFigures["sigma2"] = sigma2;
        return robustFigures;
    }

    private static JsonObject ThroughTheContract(ConformanceCase testCase, bool robust)
    {
        var options = testCase.Options;
        var rho = CaseReader.Number(options, "rho") ?? throw new FormatException("options.rho (or data.V) is required");
        var engine = CaseAnalysis.Frequentist(options);
        engine.Robust = robust ? "CR2" : string.Empty;
        var spec = new ModelSpec
        {
            Data = CaseAnalysis.EffectSizes(testCase.Data),
            Model = new Model { ThreeLevel = new ThreeLevelSpec { SamplingCorrelation = rho, Moderators = { CaseAnalysis.ModeratorNames(testCase.Data) } } },
            Engine = new Engine { Frequentist = engine },
            Report = new Reporting { Level = CaseReader.Level(options) },
        };
        var result = CaseAnalysis.Fit(spec);
        var figures = new JsonObject
        {
            ["beta"] = Figures.Array(result.Coefficients.Select(c => c.Estimate)),
            ["se"] = Figures.Array(result.Coefficients.Select(c => c.Se)),
            ["stat"] = Figures.Array(result.Coefficients.Select(c => c.Statistic)),
            ["pval"] = Figures.Array(result.Coefficients.Select(c => c.PValue)),
            ["ci_lb"] = Figures.Array(result.Coefficients.Select(c => c.CiLower)),
            ["ci_ub"] = Figures.Array(result.Coefficients.Select(c => c.CiUpper)),
            ["sigma2"] = Figures.Array([result.Heterogeneity.Sigma2Between, result.Heterogeneity.Sigma2Within]),
        };
        if (robust)
        {
            figures["df"] = Figures.Array(result.Coefficients.Select(c => c.Df));
            return figures;
        }

        figures["qe"] = result.Heterogeneity.Qe;
        figures["qe_pval"] = result.Heterogeneity.QePValue;
        figures["loglik"] = result.Fit.LogLikelihood;
        return figures;
    }

    private static SamplingCovariance SamplingCovarianceOf(ConformanceCase testCase, EffectData data, EffectClusters clusters)
    {
        if (testCase.Data["V"] is JsonArray rows)
        {
            var matrix = Matrix<double>.Build.Dense(data.K, data.K);
            for (var r = 0; r < rows.Count; r++)
            {
                var row = rows[r] as JsonArray ?? throw new FormatException($"data.V[{r}] must be an array");
                for (var c = 0; c < row.Count; c++)
                {
                    matrix[r, c] = row[c]!.GetValue<double>();
                }
            }

            return SamplingCovariance.FromMatrix(matrix, clusters);
        }

        throw new FormatException("data.V must be a k x k array of arrays");
    }

    private static JsonObject CoefficientFigures(IReadOnlyList<CoefficientEstimate> coefficients) => new()
    {
        ["beta"] = Figures.Array(coefficients.Select(c => c.Estimate)),
        ["se"] = Figures.Array(coefficients.Select(c => c.StandardError)),
        ["stat"] = Figures.Array(coefficients.Select(c => c.Statistic)),
        ["pval"] = Figures.Array(coefficients.Select(c => c.PValue)),
        ["ci_lb"] = Figures.Array(coefficients.Select(c => c.CiLower)),
        ["ci_ub"] = Figures.Array(coefficients.Select(c => c.CiUpper)),
    };
}
