using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

namespace MetaAnalysis.Core.Tests.Frequentist.PublicationBias.Selection;

public class SelectionModelLikelihoodTests
{
    private static readonly EffectData Data = EffectData.Create(
        [0.45, 0.12, 0.61, -0.05, 0.33, 0.28, 0.52, 0.07, 0.9, -0.2],
        [0.04, 0.03, 0.09, 0.02, 0.05, 0.01, 0.06, 0.05, 0.12, 0.03]);

    private static readonly DesignMatrix WithModerator = DesignMatrix.FromColumns(
    [
        (DesignMatrix.InterceptName, Enumerable.Repeat(1.0, 10).ToArray()),
        ("year", [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    ]);

    [Theory]
    [InlineData("stepfun", SelectionAlternative.Greater)]
    [InlineData("stepfun", SelectionAlternative.Less)]
    [InlineData("beta", SelectionAlternative.Greater)]
    [InlineData("logistic", SelectionAlternative.Less)]
    public void Evaluate_Gradient_MatchesFiniteDifferences(string type, SelectionAlternative alternative)
    {
        var weights = SelectionWeightFunction.FromType(type, type == "stepfun" ? [0.05, 0.5, 1] : null);
        var likelihood = new SelectionModelLikelihood(Data, weights, alternative, WithModerator);
        var parameters = likelihood.Parameters([0.1, 0.02], 0.04, type switch
        {
            "stepfun" => [1, 0.6, 0.3],
            "beta" => [0.6, 1.4],
            _ => [2.5],
        });
        var gradient = new double[parameters.Length];

        likelihood.Evaluate(parameters, gradient);

        for (var j = 0; j < parameters.Length; j++)
        {
            var up = parameters.ToArray();
            var down = parameters.ToArray();
            up[j] += 1e-6;
            down[j] -= 1e-6;
            var numeric = (likelihood.Evaluate(up) - likelihood.Evaluate(down)) / 2e-6;
            Assert.Equal(numeric, gradient[j], 1e-6 * (1 + Math.Abs(numeric)));
        }
    }

    [Theory]
    [InlineData("stepfun", new[] { 1.0, 1.0 })]
    [InlineData("beta", new[] { 1.0, 1.0 })]
    [InlineData("halfnorm", new[] { 0.0 })]
    [InlineData("negexp", new[] { 0.0 })]
    [InlineData("logistic", new[] { 0.0 })]
    [InlineData("power", new[] { 0.0 })]
    public void Evaluate_NoSelection_IsTheRandomEffectsLogLikelihood(string type, double[] flat)
    {
        var weights = SelectionWeightFunction.FromType(type, type == "stepfun" ? [0.025, 1] : null);
        var likelihood = new SelectionModelLikelihood(Data, weights, SelectionAlternative.Greater);
        const double mu = 0.3;
        const double tau2 = 0.05;

        var value = likelihood.Evaluate(likelihood.Parameters([mu], tau2, flat));

        // ℓ of N(μ, vᵢ + τ²), written out.
        var expected = Enumerable.Range(0, Data.K).Sum(i =>
            (-0.5 * Math.Log(2 * Math.PI * (Data.Vi[i] + tau2))) - (0.5 * Math.Pow(Data.Yi[i] - mu, 2) / (Data.Vi[i] + tau2)));
        Assert.Equal(expected, value, 1e-11);
    }

    [Fact]
    public void Fit_LessOnNegatedEffects_MirrorsGreater()
    {
        var negated = EffectData.Create(Data.Yi.Select(y => -y).ToArray(), Data.Vi);
        var weights = SelectionWeightFunction.FromType("negexp");

        var greater = SelectionModel.Fit(Data, weights, SelectionAlternative.Greater);
        var less = SelectionModel.Fit(negated, weights, SelectionAlternative.Less);

        Assert.Equal(-greater.Coefficients[0].Estimate, less.Coefficients[0].Estimate, 1e-9);
        Assert.Equal(greater.Tau2, less.Tau2, 1e-10);
        Assert.Equal(greater.Deltas[0], less.Deltas[0], 1e-8);
        Assert.Equal(greater.LogLikelihood, less.LogLikelihood, 1e-10);
    }

    [Fact]
    public void Fit_WithModerator_IsAStationaryPointAtLeastAsLikelyAsTheOrdinaryMetaRegression()
    {
        var weights = new StepWeightFunction([0.05, 1]);

        var fit = SelectionModel.Fit(Data, weights, SelectionAlternative.Greater, WithModerator);

        var likelihood = new SelectionModelLikelihood(Data, weights, SelectionAlternative.Greater, WithModerator);
        var estimate = likelihood.Parameters(fit.Coefficients.Select(c => c.Estimate).ToArray(), fit.Tau2, fit.Deltas);
        var gradient = new double[estimate.Length];
        Assert.Equal(fit.LogLikelihood, likelihood.Evaluate(estimate, gradient), 1e-12);
        Assert.True(fit.Tau2 > 0, "these effects are heterogeneous, so τ² is inside its range and ∂ℓ/∂τ² = 0 there");
        Assert.All(gradient, g => Assert.True(Math.Abs(g) < 1e-6, $"gradient {g}"));

        var ordinary = RandomEffectsModel.Fit(Data, WithModerator, new RandomEffectsOptions { Method = "ML" });
        Assert.Equal(ordinary.MaximumLikelihoodStatistics.LogLikelihood, fit.RandomEffectsLogLikelihood, 1e-12);
        Assert.True(fit.LikelihoodRatio >= -1e-9);
        Assert.Equal(["intrcpt", "year"], fit.Coefficients.Select(c => c.Name));
    }
}
