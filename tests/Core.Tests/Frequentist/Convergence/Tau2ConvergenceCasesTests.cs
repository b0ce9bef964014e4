using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Tau2;

namespace MetaAnalysis.Core.Tests.Frequentist.Convergence;

/// <summary>The data sets on which plain Fisher scoring cycled or stopped short of the maximum.</summary>
public class Tau2ConvergenceCasesTests
{
    /// <summary>
    /// Q is close to k - 1 and the restricted likelihood nearly flat: metafor's default scoring fails to
    /// converge, with step halving it gives τ² = 0.0033233 (the maximum on [0, ∞)).
    /// </summary>
    [Fact]
    public void Reml_NearlyFlatRestrictedLikelihood_ConvergesToTheMaximum()
    {
        var data = EffectData.Create([-0.2652, 0.0308, -0.0121, -0.1613, 0.1774, -0.1121], [0.0293, 0.1141, 0.116, 0.1183, 0.0422, 0.113]);

        var fit = RandomEffectsModel.Fit(data, options: RandomEffectsOptions.Default with { Method = "REML" });

        Assert.Equal(0.0033233, fit.Tau2, 5e-8);
        var problem = MetaRegressionProblem.Create(data);
        var atEstimate = LogLikelihood.Compute(problem, fit.Tau2, restricted: true);
        Assert.True(atEstimate >= LogLikelihood.Compute(problem, fit.Tau2 * (1 + 1e-4), restricted: true));
        Assert.True(atEstimate >= LogLikelihood.Compute(problem, fit.Tau2 * (1 - 1e-4), restricted: true));
    }

    /// <summary>
    /// A study with vᵢ = 10⁸ carries no information (weight 10⁻⁸ against the others' 10 to 250), so REML
    /// on the BCG data with it added is metafor's REML on the BCG data to 8 digits. A stopping rule scaled
    /// by the mean sampling variance (10⁷ here) stopped 6.5e-5 short.
    /// </summary>
    [Theory]
    [InlineData("REML")]
    [InlineData("ML")]
    public void LikelihoodEstimators_OneUninformativeStudy_ConvergeAsWithoutIt(string method)
    {
        var bcg = Bcg.LogRiskRatios();
        var withUninformative = EffectData.Create([.. bcg.Yi, 0.0], [.. bcg.Vi, 1e8]);
        var options = RandomEffectsOptions.Default with { Method = method };

        var without = RandomEffectsModel.Fit(bcg, options: options).Tau2;
        var with = RandomEffectsModel.Fit(withUninformative, options: options).Tau2;

        Assert.Equal(without, with, without * 1e-7);
        if (method == "REML")
        {
            Assert.Equal(0.313243258136481, without, 0.313243258136481 * 1e-9);
        }
    }

    /// <summary>The generalized Q roots with the same study: Q(τ̂²) = k - p to 10 digits, as without it.</summary>
    [Theory]
    [InlineData("PM")]
    [InlineData("EB")]
    public void GeneralizedQRoots_OneUninformativeStudy_SolveTheirEquation(string method)
    {
        var bcg = Bcg.LogRiskRatios();
        var withUninformative = EffectData.Create([.. bcg.Yi, 0.0], [.. bcg.Vi, 1e8]);

        var tau2 = RandomEffectsModel.Fit(withUninformative, options: RandomEffectsOptions.Default with { Method = method }).Tau2;

        var q = new ExplicitAlgebra(withUninformative, DesignMatrix.InterceptOnly(14)).Q(tau2);
        Assert.Equal(13.0, q, 13.0 * 1e-10);
    }
}
