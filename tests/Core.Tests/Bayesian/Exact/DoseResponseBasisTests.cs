using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;
using Xunit;

#pragma warning disable CA1707 // test names follow Method_Scenario_Expected

namespace MetaAnalysis.Core.Tests.Bayesian.Exact;

public class DoseResponseBasisTests
{
    [Fact]
    public void RestrictedCubicSpline_KnotsZeroOneTwo_MatchesHandComputedValues()
    {
        // One nonlinear term: [x₊³ − 2(x − 1)₊³ + (x − 2)₊³] / 4.
        var basis = DoseResponseBasis.RestrictedCubicSpline([0, 1, 2]);

        Assert.Equal(new[] { 1, 0.5, 0.125 / 4 }, basis.Row(0.5), new ToleranceComparer(Tolerances.Algebra));
        Assert.Equal(new[] { 1, 1.5, (3.375 - 0.25) / 4 }, basis.Row(1.5), new ToleranceComparer(Tolerances.Algebra));
        Assert.Equal(new[] { 1, 3.0, (27 - 16 + 1) / 4.0 }, basis.Row(3), new ToleranceComparer(Tolerances.Algebra));
        Assert.Equal(["intrcpt", "dose", "dose'"], basis.ColumnNames);
    }

    [Fact]
    public void RestrictedCubicSpline_BeyondOuterKnots_IsLinear()
    {
        var basis = DoseResponseBasis.RestrictedCubicSpline([1, 2.5, 4, 7], scale: 1000);
        foreach (var column in new[] { 2, 3 })
        {
            double Term(double dose) => basis.Row(dose)[column];

            // Second differences vanish above the last knot and the term is 0 below the first.
            Assert.Equal(0, Term(8000) - (2 * Term(9000)) + Term(10000), 1e-9);
            Assert.Equal(0, Term(500), Tolerances.Algebra);
        }
    }

    [Fact]
    public void Logarithmic_ZeroDoseWithoutOffset_ThrowsNamingTheDose()
    {
        var error = Assert.Throws<InvalidInputException>(() => DoseResponseBasis.Logarithmic().Design([10, 0, 20]));
        Assert.Equal("dose[1]", error.Field);
        Assert.Equal(Math.Log(1), DoseResponseBasis.Logarithmic(offset: 1).Row(0)[1], Tolerances.Algebra);
    }

    [Fact]
    public void RestrictedCubicSpline_TooFewOrUnorderedKnots_ThrowsNamingTheKnots()
    {
        Assert.Equal("dose_response.knots", Assert.Throws<InvalidInputException>(() => DoseResponseBasis.RestrictedCubicSpline([1, 2])).Field);
        Assert.Equal("dose_response.knots[2]", Assert.Throws<InvalidInputException>(() => DoseResponseBasis.RestrictedCubicSpline([1, 3, 2])).Field);
    }

    [Fact]
    public void QuadraticCurve_PosteriorAtADose_IsTheLinearCombinationOfCoefficients()
    {
        double[] doses = [0, 10, 20, 30, 40, 10, 20, 30];
        var data = EffectData.Create([0.05, 0.3, 0.45, 0.5, 0.48, 0.25, 0.4, 0.55], [0.02, 0.03, 0.02, 0.04, 0.03, 0.02, 0.03, 0.03]);
        var basis = DoseResponseBasis.Quadratic(scale: 10);
        var fit = ExactBayes.Fit(ExactModel.ThreeLevel(
            data, ["a", "a", "a", "b", "b", "c", "c", "c"], basis.Design(doses), [NormalPrior.Create(0, 1), NormalPrior.Create(0, 1), NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.3), ScalePrior.HalfNormal(0.3)));
        var curve = fit.LinearCombination(basis.Row(25));

        // x = (1, 2.5, 6.25): the mean is linear in the coefficients' means.
        Assert.Equal(fit.Coefficient(0).Mean + (2.5 * fit.Coefficient(1).Mean) + (6.25 * fit.Coefficient(2).Mean), curve.Mean, 1e-12);
        Assert.True(curve.Sd > 0);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
