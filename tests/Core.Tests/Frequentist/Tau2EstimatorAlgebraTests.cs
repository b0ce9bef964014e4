using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Tau2;

namespace MetaAnalysis.Core.Tests.Frequentist;

/// <summary>
/// Every τ² estimator re-derived from its defining equation with explicit k x k matrices, with and
/// without moderators (metafor's formulas for the meta-regression versions).
/// </summary>
public class Tau2EstimatorAlgebraTests
{
    public static TheoryData<string> Designs() => ["none", "ablat", "ablat+alloc"];

    [Theory]
    [MemberData(nameof(Designs))]
    public void DerSimonianLaird_AnyDesign_SolvesMomentEquation(string designName)
    {
        var (problem, algebra) = Setup(designName);
        var p0 = algebra.Projection(0.0);
        var df = algebra.K - algebra.P;

        var estimate = new DerSimonianLaird().Estimate(problem);

        var expected = Math.Max(0, ((algebra.Y * p0 * algebra.Y) - df) / p0.Trace());
        Assert.Equal(expected, estimate.Tau2, Tolerances.Algebra);
        var t = estimate.Tau2;
        var se = Math.Sqrt(((2 * df) + (4 * t * p0.Trace()) + (2 * t * t * (p0 * p0).Trace())) / (p0.Trace() * p0.Trace()));
        Assert.Equal(se, estimate.StandardError, Tolerances.Algebra);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void HedgesOlkin_AnyDesign_SolvesUnweightedMomentEquation(string designName)
    {
        var (problem, algebra) = Setup(designName);
        var ordinary = algebra.Projection(Matrix<double>.Build.DenseIdentity(algebra.K));
        var v = Matrix<double>.Build.DiagonalOfDiagonalVector(algebra.V);
        var df = algebra.K - algebra.P;

        var estimate = new HedgesOlkin().Estimate(problem);

        var expected = Math.Max(0, ((algebra.Y * ordinary * algebra.Y) - (ordinary * v).Trace()) / df);
        Assert.Equal(expected, estimate.Tau2, Tolerances.Algebra);
        var t = estimate.Tau2;
        var pv = ordinary * v;
        var se = Math.Sqrt(((2 * (pv * pv).Trace()) + (4 * t * pv.Trace()) + (2 * t * t * df)) / ((double)df * df));
        Assert.Equal(se, estimate.StandardError, Tolerances.Algebra);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void HunterSchmidt_AnyDesign_MatchesMetaforFormula(string designName)
    {
        var (problem, algebra) = Setup(designName);
        var p0 = algebra.Projection(0.0);
        var sumW = algebra.V.Sum(v => 1 / v);

        var estimate = new HunterSchmidt().Estimate(problem);

        Assert.Equal(Math.Max(0, ((algebra.Y * p0 * algebra.Y) - algebra.K) / sumW), estimate.Tau2, Tolerances.Algebra);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void SidikJonkman_AnyDesign_MatchesMetaforFormula(string designName)
    {
        var (problem, algebra) = Setup(designName);
        var mean = algebra.Y.Average();
        var start = algebra.Y.Sum(y => (y - mean) * (y - mean)) / algebra.K;
        var p = algebra.Projection(start);
        var v = Matrix<double>.Build.DiagonalOfDiagonalVector(algebra.V);
        var df = algebra.K - algebra.P;

        var estimate = new SidikJonkman().Estimate(problem);

        var expected = start * (algebra.Y * p * algebra.Y) / df;
        Assert.Equal(expected, estimate.Tau2, Tolerances.Algebra);
        var pv = p * v;
        var se = start / df * Math.Sqrt((2 * (pv * pv).Trace()) + (4 * expected * (pv * p).Trace()) + (2 * expected * expected * (p * p).Trace()));
        Assert.Equal(se, estimate.StandardError, Tolerances.Algebra);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void RestrictedMaximumLikelihood_AnyDesign_MaximizesRestrictedLikelihood(string designName)
    {
        var (problem, algebra) = Setup(designName);

        var estimate = new RestrictedMaximumLikelihood().Estimate(problem);

        var maximizer = ExplicitAlgebra.Maximize(algebra.RestrictedLogLikelihood, 5.0);
        Assert.Equal(maximizer, estimate.Tau2, Tolerances.VarianceComponent);
        var p = algebra.Projection(estimate.Tau2);
        var score = (algebra.Y * p * p * algebra.Y) - p.Trace();
        Assert.True(estimate.Tau2 == 0 || Math.Abs(score) <= Tolerances.Algebra * p.Trace(), $"REML score {score} at the estimate");
        Assert.Equal(Math.Sqrt(2 / (p * p).Trace()), estimate.StandardError, Tolerances.Algebra);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void MaximumLikelihood_AnyDesign_MaximizesLikelihood(string designName)
    {
        var (problem, algebra) = Setup(designName);

        var estimate = new MaximumLikelihood().Estimate(problem);

        var maximizer = ExplicitAlgebra.Maximize(algebra.LogLikelihood, 5.0);
        Assert.Equal(maximizer, estimate.Tau2, Tolerances.VarianceComponent);
        var w = algebra.Weights(estimate.Tau2);
        Assert.Equal(Math.Sqrt(2 / (w * w).Trace()), estimate.StandardError, Tolerances.Algebra);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void EmpiricalBayesAndPauleMandel_AnyDesign_SolveGeneralizedQEquation(string designName)
    {
        var (problem, algebra) = Setup(designName);
        var df = algebra.K - algebra.P;

        var empiricalBayes = new EmpiricalBayes().Estimate(problem);
        var pauleMandel = new PauleMandel().Estimate(problem);

        foreach (var estimate in new[] { empiricalBayes, pauleMandel })
        {
            Assert.True(estimate.Tau2 > 0);
            Assert.Equal(df, algebra.Q(estimate.Tau2), 1e-8);
            var sumW = algebra.V.Sum(v => 1 / (v + estimate.Tau2));
            Assert.Equal(Math.Sqrt(2.0 * algebra.K * algebra.K / df) / sumW, estimate.StandardError, Tolerances.Algebra);
        }
    }

    [Fact]
    public void PauleMandel_QBelowDegreesOfFreedom_TruncatesAtZero()
    {
        // Effects closer together than their sampling error: Q(0) = 0.5 < k - 1.
        var data = EffectData.Create([0.1, 0.2, 0.15], [0.04, 0.04, 0.04]);

        var estimate = new PauleMandel().Estimate(MetaRegressionProblem.Create(data));

        Assert.Equal(0, estimate.Tau2);
    }

    [Fact]
    public void FromCode_KnownCodesAndAliases_ReturnsMatchingEstimator()
    {
        foreach (var code in Tau2Estimators.Codes)
        {
            Assert.Equal(code, Tau2Estimators.FromCode(code.ToLowerInvariant()).Code);
        }

        Assert.Equal("EE", Tau2Estimators.FromCode("FE").Code);
        Assert.Equal("EE", Tau2Estimators.FromCode("CE").Code);
    }

    private static (MetaRegressionProblem Problem, ExplicitAlgebra Algebra) Setup(string designName)
    {
        var data = Bcg.LogRiskRatios();
        var design = designName switch
        {
            "ablat" => Bcg.AblatDesign(),
            "ablat+alloc" => Bcg.AblatAllocDesign(),
            _ => DesignMatrix.InterceptOnly(13),
        };

        return (MetaRegressionProblem.Create(data, design), new ExplicitAlgebra(data, design));
    }
}
