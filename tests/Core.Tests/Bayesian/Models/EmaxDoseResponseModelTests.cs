using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

public class EmaxDoseResponseModelTests
{
    private static readonly EffectData Data = EffectData.Create([0.3, 0.4, 0.16, 0.5, 0.22, 0.38], [0.056, 0.036, 0.107, 0.077, 0.091, 0.061]);
    private static readonly double[] Dose = [60, 110, 10, 0, 40, 67];

    private static EmaxDoseResponseModel Create(IReadOnlyList<string>? studies = null) => new(
        Data, Dose, NormalPrior.Create(0, 1), NormalPrior.Create(0, 1), PositivePrior.LogNormal(3.4, 1), ScalePrior.HalfNormal(0.5), studies);

    [Fact]
    public void LogDensityGradient_AgreesWithFiniteDifferences()
    {
        GradientCheck.AssertMatchesFiniteDifferences(Create(), GradientCheck.RandomPoint(10, 13));
        GradientCheck.AssertMatchesFiniteDifferences(Create(["a", "a", "b", "b", "c", "c"]), GradientCheck.RandomPoint(7, 14));
    }

    [Fact]
    public void LogDensity_DifferenceBetweenTwoPoints_MatchesTheModelWrittenWithDistributions()
    {
        var model = Create();
        var a = GradientCheck.RandomPoint(model.Dimension, 15);
        var b = GradientCheck.RandomPoint(model.Dimension, 16);
        var gradient = new double[model.Dimension];

        var difference = model.LogDensityGradient(a, gradient) - model.LogDensityGradient(b, gradient);

        Assert.Equal(Independent(a) - Independent(b), difference, 9);

        static double Independent(double[] u)
        {
            var ed50 = Math.Exp(u[2]);
            var tau = Math.Exp(u[3]);
            var lp = Normal.PDFLn(0, 1, u[0]) + Normal.PDFLn(0, 1, u[1]) + LogNormal.PDFLn(3.4, 1, ed50) + u[2]
                + Math.Log(2 * Normal.PDF(0, 0.5, tau)) + u[3];
            for (var i = 0; i < 6; i++)
            {
                var mean = u[0] + (u[1] * Dose[i] / (ed50 + Dose[i])) + (tau * u[4 + i]);
                lp += Normal.PDFLn(0, 1, u[4 + i]) + Normal.PDFLn(mean, Math.Sqrt(Data.Vi[i]), Data.Yi[i]);
            }

            return lp;
        }
    }

    [Fact]
    public void PointwiseLogLikelihood_PerStudy_IsTheMarginalNormalDensity()
    {
        var model = Create(["a", "a", "b", "b", "b", "c"]);
        var u = GradientCheck.RandomPoint(model.Dimension, 17);
        var values = new double[3];

        model.PointwiseLogLikelihood(u, values);

        var ed50 = Math.Exp(u[2]);
        var tau2 = Math.Exp(2 * u[3]);
        int[][] rows = [[0, 1], [2, 3, 4], [5]];
        for (var s = 0; s < 3; s++)
        {
            var r = rows[s];
            var covariance = Matrix<double>.Build.Dense(r.Length, r.Length, (i, j) => tau2 + (i == j ? Data.Vi[r[i]] : 0));
            var residual = Vector<double>.Build.Dense(r.Select(i => Data.Yi[i] - EmaxDoseResponseModel.Curve(u[0], u[1], ed50, Dose[i])).ToArray());
            var expected = -0.5 * ((r.Length * Math.Log(2 * Math.PI)) + Math.Log(covariance.Determinant()) + residual.DotProduct(covariance.Solve(residual)));
            Assert.Equal(expected, values[s], 10);
        }
    }

    [Fact]
    public void Constructor_NegativeDose_ThrowsNamingTheRow()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new EmaxDoseResponseModel(
            Data, [60, 110, -10, 0, 40, 67], NormalPrior.Create(0, 1), NormalPrior.Create(0, 1), PositivePrior.LogNormal(3.4, 1), ScalePrior.HalfNormal(0.5)));

        Assert.Equal("dose[2]", ex.Field);
    }

    [Fact]
    public void LogNormalPrior_BadScale_ThrowsNamingTheField()
    {
        var ex = Assert.Throws<InvalidInputException>(() => PositivePrior.LogNormal(3.4, -1, "priors.ed50"));

        Assert.Equal("priors.ed50.sdlog", ex.Field);
    }
}
