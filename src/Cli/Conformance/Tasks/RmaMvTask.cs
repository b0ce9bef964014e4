using System.Text.Json.Nodes;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Splines;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>rma_mv</c>: the three-level model <c>rma.mv(yi, vi, mods, random = ~ 1 | cluster/effect)</c>,
/// optionally with one moderator replaced by its restricted cubic spline basis.
/// </summary>
public sealed class RmaMvTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "rma_mv";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var fit = FitCase(testCase);
        var result = Figures.Coefficients(fit.Coefficients);
        result["sigma2"] = Figures.Array([fit.Sigma2Between, fit.Sigma2Within]);
        result["qe"] = Figures.Number(fit.Qe);
        result["qe_pval"] = Figures.Number(fit.QePValue);
        result["qm"] = Figures.Number(fit.ModeratorTest.Statistic);
        result["qm_pval"] = Figures.Number(fit.ModeratorTest.PValue);
        Figures.AddFitStatistics(result, fit.Statistics);
        result["k"] = Figures.Number(fit.K);
        if (fit.DegreesOfFreedom is { } df)
        {
            result["df"] = Figures.Number(df);
        }

        return result;
    }

    /// <summary>Reads a case of this task (also the base model of <c>robust</c>) and fits it.</summary>
    internal static ThreeLevelFit FitCase(ConformanceCase testCase)
    {
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
            var other => throw new UnsupportedCaseException($"method '{other}' is not supported for rma_mv (REML or ML)"),
        };
        var test = (CaseReader.Text(options, "test") ?? "z") switch
        {
            "z" => CoefficientTest.Z,
            "t" => CoefficientTest.T,
            "knha" => CoefficientTest.KnappHartung,
            var other => throw new UnsupportedCaseException($"test '{other}' is not supported for rma_mv (z, t or knha)"),
        };
        var data = testCase.Data;
        var effects = EffectData.Create(CaseReader.Numbers(data, "yi"), CaseReader.Numbers(data, "vi"));
        var cluster = CaseReader.Labels(data, "cluster");
        var design = Design(effects.K, data, options["spline"] as JsonObject);
        return ThreeLevelModel.Fit(effects, cluster, design, new ThreeLevelOptions(estimator, test, CaseReader.Level(options)));
    }

    /// <summary>The intercept and moderators, with the spline's variable replaced by its basis columns in place.</summary>
    private static DesignMatrix Design(int k, JsonObject data, JsonObject? spline)
    {
        var moderators = CaseReader.Moderators(data);
        var design = DesignMatrix.Create(k, moderators);
        if (spline is null)
        {
            return design;
        }

        var type = CaseReader.Text(spline, "type") ?? "rcs";
        var norm = CaseReader.Number(spline, "norm") ?? 2;
        if (type != "rcs" || norm != 2)
        {
            throw new UnsupportedCaseException($"spline type '{type}' with norm {norm} is not supported (rcs, norm 2)");
        }

        var variable = CaseReader.Text(spline, "variable") ?? throw new FormatException("options.spline.variable is required");
        if (moderators.FirstOrDefault(m => m.Name == variable) is not ContinuousModerator moderator)
        {
            throw new FormatException($"options.spline.variable '{variable}' is not a numeric moderator in data.moderators");
        }

        var basis = spline["knots"] switch
        {
            JsonArray positions => RestrictedCubicSpline.WithKnots(positions.Select(p => p!.GetValue<double>()).ToArray(), "options.spline.knots"),
            JsonValue count => RestrictedCubicSpline.WithDefaultKnots(moderator.Values, count.GetValue<int>(), $"moderators.{variable}"),
            _ => RestrictedCubicSpline.WithDefaultKnots(moderator.Values, RestrictedCubicSpline.DefaultKnotCount, $"moderators.{variable}"),
        };

        var columns = new List<(string Name, double[] Column)>();
        for (var c = 0; c < design.Columns; c++)
        {
            if (design.ColumnNames[c] == variable)
            {
                columns.AddRange(basis.Columns(variable, moderator.Values));
            }
            else
            {
                columns.Add((design.ColumnNames[c], design.X.Column(c).ToArray()));
            }
        }

        return DesignMatrix.FromColumns(columns);
    }
}
