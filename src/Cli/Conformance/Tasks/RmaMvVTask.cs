using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;
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
/// The contract cannot ask for correlated sampling errors yet, so the case is fitted by Core directly. V
/// comes from <c>options.rho</c> (one working correlation within every cluster) or, when the data carry
/// it, from <c>data.V</c> (a k x k array of arrays, covariance per pair).
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

        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));
        var clusters = EffectClusters.Create(CaseReader.Labels(testCase.Data, "cluster"), data.K);
        var design = DesignMatrix.Create(data.K, CaseReader.Moderators(testCase.Data));
        var fit = ThreeLevelModel.Fit(data, clusters, SamplingCovarianceOf(testCase, data, clusters), design, new ThreeLevelOptions(estimator, test, level));
        var sigma2 = Figures.Array([fit.Sigma2Between, fit.Sigma2Within]);

        var vcov = CaseReader.Text(options, "vcov");
        if (vcov is null)
        {
            var figures = CoefficientFigures(fit.Coefficients);
            figures["sigma2"] = sigma2;
            figures["qe"] = fit.Qe;
            figures["qe_pval"] = fit.QePValue;
            figures["loglik"] = fit.Statistics.LogLikelihood;
            return figures;
        }

        if (vcov != "CR2" || (CaseReader.Text(options, "df") ?? "satterthwaite") != "satterthwaite")
        {
            throw new UnsupportedCaseException($"vcov '{vcov}' with df '{CaseReader.Text(options, "df")}' is not supported (CR2, satterthwaite)");
        }

        var robust = ClusterRobustInference.Compute(fit, new ClusterRobustOptions(SandwichType.CR2, RobustDegreesOfFreedom.Satterthwaite, level));
        var robustFigures = CoefficientFigures(robust.Coefficients);
        robustFigures["df"] = Figures.Array(robust.Coefficients.Select(c => c.DegreesOfFreedom ?? double.NaN));
        robustFigures["sigma2"] = sigma2;
        return robustFigures;
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

        var rho = CaseReader.Number(testCase.Options, "rho") ?? throw new FormatException("options.rho (or data.V) is required");
        return SamplingCovariance.ConstantCorrelation(data.Vi, clusters, rho);
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
