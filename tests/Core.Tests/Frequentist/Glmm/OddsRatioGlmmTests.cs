using MathNet.Numerics;
using MathNet.Numerics.Integration;
using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Frequentist.Glmm;
using MetaAnalysis.Core.Tests.Bayesian.Models;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Tests.Frequentist.Glmm;

public class OddsRatioGlmmTests
{
    private static readonly ReferenceCaseFile Collins = ReferenceCaseFile.Load("glmm-collins-umfs.json");
    private static readonly double[] Ai = Collins.Numbers("ai");
    private static readonly double[] Bi = Collins.Numbers("bi");
    private static readonly double[] Ci = Collins.Numbers("ci");
    private static readonly double[] Di = Collins.Numbers("di");

    /// <summary>
    /// One study's marginal log-likelihood by brute-force Gauss-Legendre integration over u (MathNet), written
    /// out from the model's definition: an independent check of the engine's Gauss-Hermite quadrature.
    /// </summary>
    private static double BruteForceLogLikelihood(int i, double alpha, double beta, double tau2)
    {
        double LogIntegrand(double u)
        {
            var p1 = 1 / (1 + Math.Exp(-(alpha + beta + (u / 2))));
            var p2 = 1 / (1 + Math.Exp(-(alpha - (u / 2))));
            return (Ai[i] * Math.Log(p1)) + (Bi[i] * Math.Log(1 - p1)) + (Ci[i] * Math.Log(p2)) + (Di[i] * Math.Log(1 - p2))
                - (u * u / (2 * tau2)) - (0.5 * Math.Log(2 * Math.PI * tau2));
        }

        var bound = 12 * Math.Sqrt(tau2);
        var peak = Enumerable.Range(-200, 401).Select(j => LogIntegrand(bound * j / 200.0)).Max();
        // 512 Gauss-Legendre nodes over ±12 τ: a spacing far below the integrand's width for these tables.
        var integral = GaussLegendreRule.Integrate(u => Math.Exp(LogIntegrand(u) - peak), -bound, bound, 512);
        var logChoose = SpecialFunctions.BinomialLn((int)(Ai[i] + Bi[i]), (int)Ai[i]) + SpecialFunctions.BinomialLn((int)(Ci[i] + Di[i]), (int)Ci[i]);
        return logChoose + peak + Math.Log(integral);
    }

    private static double BruteForceLogLikelihood(IReadOnlyList<double> intercepts, double beta, double tau2) =>
        Enumerable.Range(0, Ai.Length).Sum(i => BruteForceLogLikelihood(i, intercepts[i], beta, tau2));

    [Fact]
    public void Fit_Collins1985_MatchesTheExactMaximumLikelihoodReference()
    {
        var fit = OddsRatioGlmm.Fit(Ai, Bi, Ci, Di);

        var expected = Collins.Expected;
        Assert.True(fit.Converged);
        AssertClose.Relative(expected["beta"]!.GetValue<double>(), fit.Coefficient.Estimate, 1e-6);
        AssertClose.Relative(expected["se"]!.GetValue<double>(), fit.Coefficient.StandardError, 1e-5);
        AssertClose.Relative(expected["tau2"]!.GetValue<double>(), fit.Tau2, 1e-6);
        AssertClose.Relative(expected["loglik"]!.GetValue<double>(), fit.LogLikelihood, 1e-8);
    }

    [Fact]
    public void Fit_LogLikelihood_EqualsBruteForceIntegrationAtTheEstimates()
    {
        var fit = OddsRatioGlmm.Fit(Ai, Bi, Ci, Di);

        Assert.Equal(BruteForceLogLikelihood(fit.StudyIntercepts, fit.Coefficient.Estimate, fit.Tau2), fit.LogLikelihood, 1e-9);
    }

    [Fact]
    public void Fit_StandardError_IsTheInverseObservedInformationOfAllParameters()
    {
        // Second differences of the brute-force log-likelihood in all k + 2 parameters (α₁..α_k, β, τ²).
        var fit = OddsRatioGlmm.Fit(Ai, Bi, Ci, Di);
        var k = Ai.Length;
        var theta = fit.StudyIntercepts.Append(fit.Coefficient.Estimate).Append(fit.Tau2).ToArray();
        double Ll(double[] t) => BruteForceLogLikelihood(t[..k], t[k], t[k + 1]);
        const double h = 1e-3;
        var information = Matrix<double>.Build.Dense(k + 2, k + 2);
        for (var r = 0; r < k + 2; r++)
        {
            for (var c = r; c < k + 2; c++)
            {
                double At(double dr, double dc)
                {
                    var t = (double[])theta.Clone();
                    t[r] += dr;
                    t[c] += dc;
                    return Ll(t);
                }

                information[r, c] = information[c, r] = -(At(h, h) - At(h, -h) - At(-h, h) + At(-h, -h)) / (4 * h * h);
            }
        }

        AssertClose.Relative(Math.Sqrt(information.Inverse()[k, k]), fit.Coefficient.StandardError, 1e-4);
    }

    [Fact]
    public void Fit_StudyIntercepts_MaximizeTheirStudiesLikelihood()
    {
        var fit = OddsRatioGlmm.Fit(Ai, Bi, Ci, Di);
        var (beta, tau2) = (fit.Coefficient.Estimate, fit.Tau2);

        for (var i = 0; i < Ai.Length; i++)
        {
            var best = BruteForceLogLikelihood(i, fit.StudyIntercepts[i], beta, tau2);
            Assert.True(BruteForceLogLikelihood(i, fit.StudyIntercepts[i] + 1e-3, beta, tau2) < best);
            Assert.True(BruteForceLogLikelihood(i, fit.StudyIntercepts[i] - 1e-3, beta, tau2) < best);
        }
    }

    [Fact]
    public void Fit_StudyWithoutEvents_IsLeftOutWithoutChangingTheFit()
    {
        var fit = OddsRatioGlmm.Fit(Ai, Bi, Ci, Di);
        var withEmpty = OddsRatioGlmm.Fit([.. Ai, 0], [.. Bi, 40], [.. Ci, 0], [.. Di, 35]);

        Assert.Equal(Enumerable.Range(0, Ai.Length), withEmpty.IncludedStudies);
        Assert.Equal(fit.Coefficient.Estimate, withEmpty.Coefficient.Estimate, 1e-10);
        Assert.Equal(fit.LogLikelihood, withEmpty.LogLikelihood, 1e-9);
    }

    [Fact]
    public void Fit_NegativeCount_NamesTheElement()
    {
        var ci = (double[])Ci.Clone();
        ci[2] = -1;
        Assert.Equal("ci[2]", Assert.Throws<InvalidInputException>(() => OddsRatioGlmm.Fit(Ai, Bi, ci, Di)).Field);
    }

    [Fact]
    public void Fit_ColumnsOfDifferentLength_NamesTheColumn()
    {
        Assert.Equal("di", Assert.Throws<InvalidInputException>(() => OddsRatioGlmm.Fit(Ai, Bi, Ci, Di[..^1])).Field);
    }
}
