using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Bayesian.Exact;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Tests.Frequentist.MultiLevel;

namespace MetaAnalysis.Core.Tests.Bayesian.Exact;

/// <summary>
/// The tail quantiles of the variance components of a three-level posterior, checked by a fine
/// brute-force integration: the posterior mass below each quantile must be the quantile's level.
/// </summary>
public class ExactThreeLevelQuantileTests
{
    [Fact]
    public void Quantile_Konstantopoulos2011_HasItsLevelOfPosteriorMassBelow()
    {
        var y = Konstantopoulos2011.Yi;
        var v = Konstantopoulos2011.Vi;
        var clusters = Konstantopoulos2011.District;
        var fit = ExactBayes.Fit(ExactModel.ThreeLevel(
            EffectData.Create(y, v), clusters, DesignMatrix.InterceptOnly(y.Length), [NormalPrior.Create(0, 1)], ScalePrior.HalfNormal(0.5), ScalePrior.HalfNormal(0.5)));

        // Midpoint rule on a 1500 x 1500 grid in (log σ_between, log σ_within); μ ~ N(0, 1) is integrated
        // out in closed form, each cluster's block inverted by Sherman-Morrison.
        var blocks = Enumerable.Range(0, y.Length).GroupBy(i => clusters[i]).Select(g => g.ToArray()).ToArray();
        const double low = -9, high = 1.2;
        const int points = 1500;
        var h = (high - low) / points;
        var logPosterior = new double[points, points];
        var max = double.NegativeInfinity;
        for (var a = 0; a < points; a++)
        {
            var between = Math.Exp(low + ((a + 0.5) * h));
            for (var c = 0; c < points; c++)
            {
                var within = Math.Exp(low + ((c + 0.5) * h));
                double logDet = 0, onesQuad = 0, onesY = 0, yQuad = 0;
                foreach (var block in blocks)
                {
                    double sa = 0, say = 0, sayy = 0;
                    foreach (var i in block)
                    {
                        var inverse = 1 / (v[i] + (within * within));
                        sa += inverse;
                        say += inverse * y[i];
                        sayy += inverse * y[i] * y[i];
                        logDet -= Math.Log(inverse);
                    }

                    var f = 1 + (between * between * sa);
                    logDet += Math.Log(f);
                    onesQuad += sa - (between * between * sa * sa / f);
                    onesY += say - (between * between * sa * say / f);
                    yQuad += sayy - (between * between * say * say / f);
                }

                var value = (-0.5 * (logDet + Math.Log(1 + onesQuad) + yQuad - (onesY * onesY / (1 + onesQuad))))
                    + Math.Log(HalfNormal(between)) + Math.Log(HalfNormal(within)) + Math.Log(between) + Math.Log(within);
                logPosterior[a, c] = value;
                max = Math.Max(max, value);
            }
        }

        foreach (var component in new[] { "sigma_between", "sigma_within" })
        {
            foreach (var level in new[] { 0.025, 0.975 })
            {
                var quantile = fit.Component(component).Quantile(level);
                Assert.Equal(level, MassBelow(logPosterior, max, low, h, component == "sigma_between", quantile), 2.5e-5);
            }
        }
    }

    private static double MassBelow(double[,] logPosterior, double max, double low, double h, bool between, double quantile)
    {
        var points = logPosterior.GetLength(0);
        double total = 0, below = 0;
        for (var a = 0; a < points; a++)
        {
            for (var c = 0; c < points; c++)
            {
                var w = Math.Exp(logPosterior[a, c] - max);
                // The share of this cell's width in log σ that lies below the quantile (0 or 1 except in one column).
                var cellLow = low + ((between ? a : c) * h);
                var share = Math.Clamp((Math.Log(quantile) - cellLow) / h, 0, 1);
                total += w;
                below += w * share;
            }
        }

        // The midpoint rule at h = 0.0068 in log σ is accurate to about 1e-5 of mass here.
        return below / total;
    }

    private static double HalfNormal(double sigma) => 2 * Normal.PDF(0, 0.5, sigma);
}
