using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Frequentist.Robust;
using MetaAnalysis.Core.Tests.Bayesian.Models;
using MetaAnalysis.Core.Validation;
using static MetaAnalysis.Core.Tests.Frequentist.MultiLevel.Konstantopoulos2011;

namespace MetaAnalysis.Core.Tests.Frequentist.MultiLevel;

/// <summary>The three-level model on a block-diagonal sampling covariance V (correlated errors within clusters).</summary>
public class CorrelatedErrorsThreeLevelTests
{
    private static readonly EffectData Data = EffectData.Create(Yi, Vi);
    private static readonly EffectClusters Clusters = EffectClusters.Create(District, Yi.Length);

    private static SamplingCovariance V(double rho) => SamplingCovariance.ConstantCorrelation(Vi, Clusters, rho);

    /// <summary>V written out entry by entry from vcalc's definition.</summary>
    private static Matrix<double> DenseV(double rho) =>
        Matrix<double>.Build.Dense(Vi.Length, Vi.Length, (i, j) =>
            i == j ? Vi[i] : District[i] == District[j] ? rho * Math.Sqrt(Vi[i] * Vi[j]) : 0);

    private static Matrix<double> DenseMarginal(double rho, double between, double within) =>
        DenseV(rho) + DenseThreeLevel.MarginalCovariance(new double[Vi.Length], District, between, within);

    private static double DenseLogLikelihood(Matrix<double> x, Matrix<double> m, bool restricted)
    {
        var (_, covariance, rss) = DenseThreeLevel.Gls(Yi, x, m);
        var (k, p) = (Yi.Length, x.ColumnCount);
        var logDetM = m.Cholesky().DeterminantLn;
        return restricted
            ? (-0.5 * (k - p) * Math.Log(2 * Math.PI)) + (0.5 * Math.Log((x.Transpose() * x).Determinant())) - (0.5 * logDetM) + (0.5 * Math.Log(covariance.Determinant())) - (0.5 * rss)
            : (-0.5 * k * Math.Log(2 * Math.PI)) - (0.5 * logDetM) - (0.5 * rss);
    }

    [Fact]
    public void Fit_KonstantopoulosRho06_MatchesMetafor()
    {
        var reference = ReferenceCaseFile.Load("mvv-konstantopoulos-r06.json");
        var fit = ThreeLevelModel.Fit(Data, Clusters, V(0.6));

        var expected = reference.Expected;
        AssertClose.Relative(expected["beta"]!.GetValue<double>(), fit.Coefficients[0].Estimate, 1e-6);
        AssertClose.Relative(expected["se"]!.GetValue<double>(), fit.Coefficients[0].StandardError, 1e-6);
        AssertClose.Relative(expected["sigma2"]![0]!.GetValue<double>(), fit.Sigma2Between, Tolerances.VarianceComponent);
        AssertClose.Relative(expected["sigma2"]![1]!.GetValue<double>(), fit.Sigma2Within, Tolerances.VarianceComponent);
        AssertClose.Relative(expected["qe"]!.GetValue<double>(), fit.Qe, 1e-8);
        AssertClose.Relative(expected["loglik"]!.GetValue<double>(), fit.Statistics.LogLikelihood, 1e-8);
    }

    [Fact]
    public void RobustCr2_KonstantopoulosRho06_MatchesClubSandwich()
    {
        var expected = ReferenceCaseFile.Load("mvv-konstantopoulos-r06-cr2.json").Expected;
        var robust = ClusterRobustInference.Compute(ThreeLevelModel.Fit(Data, Clusters, V(0.6)));

        AssertClose.Relative(expected["se"]!.GetValue<double>(), robust.Coefficients[0].StandardError, 1e-6);
        AssertClose.Relative(expected["df"]!.GetValue<double>(), robust.Coefficients[0].DegreesOfFreedom!.Value, 1e-6);
    }

    [Theory]
    [InlineData(true, 0.6, 0.04, 0.02)]
    [InlineData(false, 0.6, 0.04, 0.02)]
    [InlineData(true, 0.3, 0.0, 0.05)]
    [InlineData(false, 0.9, 0.1, 0.0)]
    [InlineData(true, -0.05, 0.02, 0.03)]
    public void LogLikelihood_CorrelatedErrors_EqualsDenseAlgebra(bool restricted, double rho, double between, double within)
    {
        var design = DesignMatrix.Create(Yi.Length, [Moderator.Continuous("year", Year)]);
        var likelihood = new ThreeLevelLikelihood(Data, Clusters, design, V(rho));
        var marginal = DenseMarginal(rho, between, within);
        var x = DenseThreeLevel.Design(Yi.Length, Year);
        var (beta, covariance, rss) = DenseThreeLevel.Gls(Yi, x, marginal);

        var conditional = likelihood.Condition(between, within);
        Assert.Equal(DenseLogLikelihood(x, marginal, restricted), likelihood.LogLikelihood(between, within, restricted), 1e-8);
        AssertClose.Relative(rss, conditional.ResidualQuadraticForm, 1e-9);
        for (var c = 0; c < 2; c++)
        {
            AssertClose.Relative(beta[c], conditional.Beta[c], 1e-8);
            AssertClose.Relative(covariance[c, c], conditional.Covariance[c, c], 1e-8);
        }
    }

    [Theory]
    [InlineData(true, 0.04, 0.02)]
    [InlineData(false, 0.04, 0.02)]
    [InlineData(true, 0.0, 0.05)]
    [InlineData(false, 0.1, 0.002)]
    public void Derivatives_CorrelatedErrors_MatchFiniteDifferencesOfTheLikelihood(bool restricted, double between, double within)
    {
        var likelihood = new ThreeLevelLikelihood(Data, Clusters, DesignMatrix.Create(Yi.Length, [Moderator.Continuous("year", Year)]), V(0.7));
        var derivatives = likelihood.Derivatives(between, within, restricted);
        const double h = 1e-5;
        double Ll(double b, double w) => likelihood.LogLikelihood(b, w, restricted);
        double Gradient(double b, double w, int c) => likelihood.Derivatives(b, w, restricted).Gradient[c];
        static void Close(double expected, double actual) => Assert.Equal(expected, actual, 1e-6 * Math.Max(1, Math.Abs(expected)));

        Close(Derivative(b => Ll(b, within), between, h), derivatives.Gradient[0]);
        Close(Derivative(w => Ll(between, w), within, h), derivatives.Gradient[1]);
        Close(Derivative(b => Gradient(b, within, 0), between, h), derivatives.Hessian[0, 0]);
        Close(Derivative(b => Gradient(b, within, 1), between, h), derivatives.Hessian[1, 0]);
        Close(Derivative(w => Gradient(between, w, 1), within, h), derivatives.Hessian[1, 1]);
    }

    [Fact]
    public void Fit_RhoZero_EqualsTheUncorrelatedFit()
    {
        var correlated = ThreeLevelModel.Fit(Data, Clusters, V(0));
        var plain = ThreeLevelModel.Fit(Data, Clusters);

        Assert.True(V(0).IsDiagonal);
        Assert.Equal(plain.Sigma2Between, correlated.Sigma2Between);
        Assert.Equal(plain.Sigma2Within, correlated.Sigma2Within);
        Assert.Equal(plain.Qe, correlated.Qe);
    }

    [Fact]
    public void Fit_CorrelatedErrors_QeIsTheQuadraticFormOnVAlone()
    {
        var fit = ThreeLevelModel.Fit(Data, Clusters, V(0.5));
        var (_, _, rss) = DenseThreeLevel.Gls(Yi, DenseThreeLevel.Design(Yi.Length), DenseV(0.5));

        AssertClose.Relative(rss, fit.Qe, 1e-9);
        Assert.Equal(Yi.Length - 1, fit.QeDegreesOfFreedom);
    }

    [Fact]
    public void Fit_Estimates_MaximizeTheDenseLikelihood()
    {
        var fit = ThreeLevelModel.Fit(Data, Clusters, V(0.8), options: new ThreeLevelOptions(ThreeLevelEstimator.MaximumLikelihood));
        var x = DenseThreeLevel.Design(Yi.Length);
        double Ll(double b, double w) => DenseLogLikelihood(x, DenseMarginal(0.8, b, w), restricted: false);
        var (sb, sw) = (fit.Sigma2Between, fit.Sigma2Within);

        Assert.Equal(0, Derivative(b => Ll(b, sw), sb, 1e-4), 1e-6);
        Assert.Equal(0, Derivative(w => Ll(sb, w), sw, 1e-4), 1e-6);
        Assert.Equal(Ll(sb, sw), fit.Statistics.LogLikelihood, 1e-8);
    }

    [Fact]
    public void MarginalCovariance_CorrelatedErrors_AddsTheComponentsToV()
    {
        var fit = ThreeLevelModel.Fit(Data, Clusters, V(0.6));
        var expected = DenseMarginal(0.6, fit.Sigma2Between, fit.Sigma2Within);

        Assert.True((fit.MarginalCovariance() - expected).FrobeniusNorm() < 1e-14);
    }

    [Fact]
    public void FromMatrix_TheConstantCorrelationMatrix_GivesTheSameFit()
    {
        var fromRho = ThreeLevelModel.Fit(Data, Clusters, V(0.4));
        var fromMatrix = ThreeLevelModel.Fit(Data, Clusters, SamplingCovariance.FromMatrix(DenseV(0.4), Clusters));

        AssertClose.Relative(fromRho.Sigma2Between, fromMatrix.Sigma2Between, 1e-10);
        AssertClose.Relative(fromRho.Coefficients[0].StandardError, fromMatrix.Coefficients[0].StandardError, 1e-10);
    }

    [Fact]
    public void FromMatrix_CovariancePerPair_GivesTheDenseLikelihood()
    {
        // A different correlation for every pair of a cluster, as a user-supplied V would have.
        var v = Matrix<double>.Build.Dense(Vi.Length, Vi.Length, (i, j) =>
            i == j ? Vi[i] : District[i] == District[j] ? (0.2 + (0.05 * ((i + j) % 7))) * Math.Sqrt(Vi[i] * Vi[j]) : 0);
        var likelihood = new ThreeLevelLikelihood(Data, Clusters, DesignMatrix.InterceptOnly(Yi.Length), SamplingCovariance.FromMatrix(v, Clusters));
        var marginal = v + DenseThreeLevel.MarginalCovariance(new double[Vi.Length], District, 0.03, 0.01);

        Assert.Equal(DenseLogLikelihood(DenseThreeLevel.Design(Yi.Length), marginal, restricted: true), likelihood.LogLikelihood(0.03, 0.01, restricted: true), 1e-8);
    }

    [Fact]
    public void ConstantCorrelation_Entries_FollowVcalc()
    {
        Assert.True((V(0.35).ToMatrix() - DenseV(0.35)).FrobeniusNorm() == 0);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ConstantCorrelation_RhoOutsideTheUnitInterval_NamesRho(double rho)
    {
        var error = Assert.Throws<InvalidInputException>(() => V(rho));
        Assert.Equal("rho", error.Field);
    }

    [Fact]
    public void ConstantCorrelation_RhoOne_RejectsTheSingularBlock()
    {
        var error = Assert.Throws<InvalidInputException>(() => V(1));
        Assert.Equal("vi", error.Field);
    }

    [Fact]
    public void FromMatrix_CovarianceAcrossClusters_NamesTheEntry()
    {
        var v = DenseV(0.5);
        var other = Enumerable.Range(0, Vi.Length).First(i => District[i] != District[0]);
        v[0, other] = v[other, 0] = 0.001;

        var error = Assert.Throws<InvalidInputException>(() => SamplingCovariance.FromMatrix(v, Clusters));
        Assert.StartsWith("V[", error.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_VGroupedByOtherClusters_NamesV()
    {
        var other = EffectClusters.Create(District.Select(d => d == "12" ? "11" : d).ToArray(), Yi.Length);

        var error = Assert.Throws<InvalidInputException>(() => ThreeLevelModel.Fit(Data, Clusters, SamplingCovariance.ConstantCorrelation(Vi, other, 0.5)));
        Assert.Equal("V", error.Field);
    }

    [Fact]
    public void Sweep_EachRho_EqualsTheSingleFit()
    {
        var sweep = SamplingCorrelationSweep.Fit(Data, Clusters, [0.2, 0.5, 0.8]);

        Assert.Equal([0.2, 0.5, 0.8], sweep.Select(s => s.Rho));
        Assert.Equal(ThreeLevelModel.Fit(Data, Clusters, V(0.5)).Sigma2Within, sweep[1].Fit.Sigma2Within);
        Assert.NotEqual(sweep[0].Fit.Sigma2Within, sweep[2].Fit.Sigma2Within);
    }

    [Fact]
    public void Sweep_NoRho_NamesRho()
    {
        Assert.Equal("rho", Assert.Throws<InvalidInputException>(() => SamplingCorrelationSweep.Fit(Data, Clusters, [])).Field);
    }

    private static double Derivative(Func<double, double> f, double x, double h) =>
        (f(x - (2 * h)) - (8 * f(x - h)) + (8 * f(x + h)) - f(x + (2 * h))) / (12 * h);
}
