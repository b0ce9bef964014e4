using System.Text.Json.Nodes;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// The <c>rma</c> task: metafor's <c>rma.uni</c> with any τ² estimator, z, t or Knapp-Hartung tests, any
/// level and moderators (intercept implied), as a random-effects model or a meta-regression of the
/// contract. Figures as the reference README names them.
/// </summary>
public sealed class RmaTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "rma";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var moderators = CaseAnalysis.ModeratorNames(testCase.Data);
        var spec = new ModelSpec
        {
            Data = CaseAnalysis.EffectSizes(testCase.Data),
            Model = moderators.Length == 0
                ? new Model { RandomEffects = new RandomEffectsSpec() }
                : new Model { MetaRegression = new MetaRegressionSpec { Moderators = { moderators } } },
            Engine = new Engine { Frequentist = CaseAnalysis.Frequentist(testCase.Options) },
            Report = new Reporting { Level = CaseReader.Level(testCase.Options), Predictive = true },
        };
        var result = CaseAnalysis.Fit(spec);

        var figures = Figures.Model(result);
        var heterogeneity = result.Heterogeneity;
        figures["tau2"] = heterogeneity.Tau2;
        figures["i2"] = heterogeneity.I2;
        figures["h2"] = heterogeneity.H2;
        Figures.Add(figures, "r2", heterogeneity.HasR2 ? heterogeneity.R2 : null);
        Figures.Add(figures, "se_tau2", heterogeneity.HasTau2Se ? heterogeneity.Tau2Se : null);
        if (heterogeneity.HasTau2CiLower)
        {
            figures["tau2_ci_lb"] = heterogeneity.Tau2CiLower;
            figures["tau2_ci_ub"] = heterogeneity.Tau2CiUpper;
            figures["i2_ci_lb"] = heterogeneity.I2CiLower;
            figures["i2_ci_ub"] = heterogeneity.I2CiUpper;
            figures["h2_ci_lb"] = heterogeneity.H2CiLower;
            figures["h2_ci_ub"] = heterogeneity.H2CiUpper;
        }

        if (result.Prediction is { } prediction)
        {
            figures["pi_lb"] = prediction.PiLower;
            figures["pi_ub"] = prediction.PiUpper;
        }

        return figures;
    }
}
