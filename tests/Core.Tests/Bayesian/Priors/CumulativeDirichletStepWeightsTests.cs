using MathNet.Numerics;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Bayesian.Priors;

public class CumulativeDirichletStepWeightsTests
{
    [Fact]
    public void Constrain_IsTheDirichletDensityOfTheIncrementsTimesTheJacobian()
    {
        double[] alpha = [2, 1, 1.5];
        var prior = new CumulativeDirichletStepWeights(alpha);
        double[] u = [0.3, -0.8];
        var weights = new double[3];

        var logDensity = prior.Constrain(u, weights);

        // η = (1 - ω₂, ω₂ - ω₃, ω₃) has the Dirichlet density; (η₁, η₂) are a one-to-one function of (u₁, u₂),
        // whose Jacobian determinant is taken here by central differences.
        double[] Increments(double[] coordinates)
        {
            var w = new double[3];
            prior.Constrain(coordinates, w);
            return [1 - w[1], w[1] - w[2]];
        }

        var jacobian = new double[2, 2];
        for (var c = 0; c < 2; c++)
        {
            var up = u.ToArray();
            var down = u.ToArray();
            up[c] += 1e-6;
            down[c] -= 1e-6;
            var (a, b) = (Increments(up), Increments(down));
            jacobian[0, c] = (a[0] - b[0]) / 2e-6;
            jacobian[1, c] = (a[1] - b[1]) / 2e-6;
        }

        double[] eta = [1 - weights[1], weights[1] - weights[2], weights[2]];
        var dirichlet = SpecialFunctions.GammaLn(alpha.Sum()) - alpha.Sum(SpecialFunctions.GammaLn) + Enumerable.Range(0, 3).Sum(j => (alpha[j] - 1) * Math.Log(eta[j]));
        var determinant = Math.Abs((jacobian[0, 0] * jacobian[1, 1]) - (jacobian[0, 1] * jacobian[1, 0]));
        Assert.Equal(dirichlet + Math.Log(determinant), logDensity, 1e-8);
        Assert.Equal(1, weights[0]);
        Assert.True(weights[1] > weights[2] && weights[2] > 0);
    }

    [Fact]
    public void Gradient_MatchesFiniteDifferencesOfLikelihoodPlusPrior()
    {
        var prior = new CumulativeDirichletStepWeights([1, 2, 0.5, 1]);
        double[] u = [0.4, -1.2, 0.9];
        double[] slopes = [0, 1.3, -0.7, 2.1];

        // A likelihood linear in the weights, Σ slopes_j ω_j, has weight gradient "slopes".
        double Target(double[] coordinates)
        {
            var w = new double[4];
            return prior.Constrain(coordinates, w) + Enumerable.Range(0, 4).Sum(j => slopes[j] * w[j]);
        }

        var weights = new double[4];
        prior.Constrain(u, weights);
        var gradient = new double[3];
        prior.Gradient(u, weights, slopes, gradient);

        for (var k = 0; k < 3; k++)
        {
            var up = u.ToArray();
            var down = u.ToArray();
            up[k] += 1e-6;
            down[k] -= 1e-6;
            Assert.Equal((Target(up) - Target(down)) / 2e-6, gradient[k], 1e-7);
        }
    }

    [Fact]
    public void Unconstrain_InvertsConstrain()
    {
        var prior = new CumulativeDirichletStepWeights([1, 1, 1]);
        double[] u = [1.1, -0.4];
        var weights = new double[3];
        prior.Constrain(u, weights);
        var back = new double[2];

        prior.Unconstrain(weights, back);

        Assert.Equal(u[0], back[0], 1e-12);
        Assert.Equal(u[1], back[1], 1e-12);
    }

    [Fact]
    public void Constructor_NonPositiveAlpha_ThrowsNamingTheElement()
    {
        Assert.Equal("alpha[1]", Assert.Throws<InvalidInputException>(() => new CumulativeDirichletStepWeights([1, 0, 1])).Field);
    }
}
