using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Tests.Bayesian.Nuts;

public class MetricTests
{
    [Fact]
    public void DiagonalMetric_MomentaHaveCovarianceM_AndKineticEnergyIsHalfPMinvP()
    {
        var metric = new DiagonalMetric([4.0, 0.25]);
        var random = new ChainRandom(1, 0);
        var p = new double[2];
        var sums = new double[2];
        const int n = 200_000;
        for (var i = 0; i < n; i++)
        {
            metric.SampleMomentum(random, p);
            sums[0] += p[0] * p[0];
            sums[1] += p[1] * p[1];
        }

        Assert.InRange(sums[0] / n, 0.25 * 0.98, 0.25 * 1.02);
        Assert.InRange(sums[1] / n, 4 * 0.98, 4 * 1.02);
        Assert.Equal(0.5 * ((4 * 1 * 1) + (0.25 * 2 * 2)), metric.KineticEnergy([1.0, 2.0]), 14);
    }

    [Fact]
    public void DenseMetric_MomentaHaveCovarianceInverseOfSigma()
    {
        var sigma = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.9 }, { 0.9, 1.0 } });
        var metric = new DenseMetric(sigma);
        var random = new ChainRandom(2, 0);
        var p = new double[2];
        var covariance = Matrix<double>.Build.Dense(2, 2);
        const int n = 200_000;
        for (var i = 0; i < n; i++)
        {
            metric.SampleMomentum(random, p);
            for (var a = 0; a < 2; a++)
            {
                for (var b = 0; b < 2; b++)
                {
                    covariance[a, b] += p[a] * p[b] / n;
                }
            }
        }

        var expected = sigma.Inverse();
        for (var a = 0; a < 2; a++)
        {
            for (var b = 0; b < 2; b++)
            {
                Assert.Equal(expected[a, b], covariance[a, b], 0.03 * Math.Abs(expected[a, a]));
            }
        }

        var velocity = new double[2];
        metric.Velocity([1.0, -1.0], velocity);
        Assert.Equal(1.1, velocity[0], 12);
        Assert.Equal(-0.1, velocity[1], 12);
        Assert.Equal(0.5 * (2.0 - 1.8 + 1.0), metric.KineticEnergy([1.0, -1.0]), 12);
    }

    [Fact]
    public void DenseMetric_NotPositiveDefinite_Throws()
    {
        var bad = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0 }, { 2.0, 1.0 } });
        Assert.Throws<ArgumentException>(() => new DenseMetric(bad));
    }

    [Fact]
    public void ChainRandom_SameSeedAndChain_SameStream_OtherChainDifferent()
    {
        var a = new ChainRandom(7, 1);
        var b = new ChainRandom(7, 1);
        var c = new ChainRandom(7, 2);
        var first = Enumerable.Range(0, 5).Select(_ => a.NextUInt64()).ToArray();

        Assert.Equal(first, Enumerable.Range(0, 5).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 5).Select(_ => c.NextUInt64()));
    }

    [Fact]
    public void ChainRandom_Draws_HaveUniformAndNormalMoments()
    {
        var random = new ChainRandom(3, 0);
        const int n = 400_000;
        var uniform = Enumerable.Range(0, n).Select(_ => random.NextUniform()).ToArray();
        var normal = Enumerable.Range(0, n).Select(_ => random.NextStandardNormal()).ToArray();

        // Standard errors: uniform mean 0.29/√n ≈ 5e-4, normal variance √(2/n) ≈ 2.2e-3.
        Assert.InRange(uniform.Average(), 0.5 - 0.002, 0.5 + 0.002);
        Assert.InRange(uniform.Min(), 0, 0.001);
        Assert.True(uniform.Max() < 1);
        Assert.InRange(normal.Average(), -0.006, 0.006);
        Assert.InRange(normal.Average(x => x * x), 0.99, 1.01);
        Assert.InRange(normal.Count(x => x > 1.959964) / (double)n, 0.0235, 0.0265);
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(3.5)]
    public void ChainRandom_GammaDraws_HaveMeanAndVarianceShape(double shape)
    {
        var random = new ChainRandom(15, 0);
        var draws = Enumerable.Range(0, 200_000).Select(_ => random.NextGamma(shape)).ToArray();

        Assert.InRange(draws.Average(), shape * 0.98, shape * 1.02);
        Assert.InRange(MathNet.Numerics.Statistics.Statistics.Variance(draws), shape * 0.95, shape * 1.05);
    }

    [Fact]
    public void ChainRandom_StudentTDraws_FollowTheDistribution()
    {
        var random = new ChainRandom(16, 0);
        var draws = Enumerable.Range(0, 200_000).Select(_ => random.NextStudentT(5)).ToArray();

        // Var = ν/(ν-2) = 5/3; P(T > 2.015048) = 0.05 for ν = 5.
        Assert.InRange(MathNet.Numerics.Statistics.Statistics.Variance(draws), 5.0 / 3 * 0.95, 5.0 / 3 * 1.05);
        Assert.InRange(draws.Count(t => t > 2.015048) / 200_000.0, 0.048, 0.052);
    }
}
