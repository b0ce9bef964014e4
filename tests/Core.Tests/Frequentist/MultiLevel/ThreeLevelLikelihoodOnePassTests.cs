using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;

namespace MetaAnalysis.Core.Tests.Frequentist.MultiLevel;

/// <summary>
/// The one-pass log-likelihood in each block's eigenbasis against the full computation of the same
/// likelihood (the one the coefficients and derivatives come from) and against dense k x k algebra on
/// V + σ²_b ZZ' + σ²_w I, with and without correlated sampling errors, by REML and ML.
/// </summary>
public class ThreeLevelLikelihoodOnePassTests
{
    public static TheoryData<double, bool> Cases() => new()
    {
        { 0.0, true },
        { 0.0, false },
        { 0.6, true },
        { 0.6, false },
        { -0.05, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void LogLikelihood_OnePass_EqualsTheFullAndTheDenseComputation(double rho, bool restricted)
    {
        var yi = Konstantopoulos2011.Yi;
        var vi = Konstantopoulos2011.Vi;
        var cluster = Konstantopoulos2011.District;
        var data = EffectData.Create(yi, vi);
        var clusters = EffectClusters.Create(cluster, data.K);
        var v = SamplingCovariance.ConstantCorrelation(vi, clusters, rho);
        var design = DesignMatrix.Create(data.K, [Moderator.Continuous("year", Konstantopoulos2011.Year)]);
        var likelihood = new ThreeLevelLikelihood(data, clusters, design, v);
        var x = design.X;
        var dense = v.ToMatrix();

        foreach (var (between, within) in new[] { (0.0, 0.0), (0.06, 0.0), (0.0, 0.05), (0.06, 0.05), (3.0, 1e-6) })
        {
            var onePass = likelihood.LogLikelihood(between, within, restricted);
            var full = likelihood.Condition(between, within);
            Assert.Equal(restricted ? full.RestrictedLogLikelihood : full.LogLikelihood, onePass, 1e-9);

            var marginal = dense + Matrix<double>.Build.Dense(data.K, data.K, (i, j) => (cluster[i] == cluster[j] ? between : 0) + (i == j ? within : 0));
            var cholesky = marginal.Cholesky();
            var information = x.TransposeThisAndMultiply(cholesky.Solve(x));
            var y = Vector<double>.Build.DenseOfArray(yi);
            var beta = information.Cholesky().Solve(x.TransposeThisAndMultiply(cholesky.Solve(y)));
            var residual = y - (x * beta);
            var rss = residual.DotProduct(cholesky.Solve(residual));
            var p = x.ColumnCount;
            var expected = restricted
                ? (-0.5 * (data.K - p) * Math.Log(2 * Math.PI)) + (0.5 * x.TransposeThisAndMultiply(x).Cholesky().DeterminantLn) - (0.5 * cholesky.DeterminantLn) - (0.5 * information.Cholesky().DeterminantLn) - (0.5 * rss)
                : (-0.5 * data.K * Math.Log(2 * Math.PI)) - (0.5 * cholesky.DeterminantLn) - (0.5 * rss);
            Assert.Equal(expected, onePass, 1e-8);
        }
    }
}
