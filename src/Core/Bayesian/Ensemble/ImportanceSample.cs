using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// Self-normalized importance draws from a posterior, with a multivariate Student-t proposal (5 degrees of
/// freedom) centred at the mode with the Laplace covariance: the quantiles of a quadrature member's
/// parameters are read from them, and their mean weight is a second, independent estimate of the
/// marginal likelihood.
/// </summary>
/// <remarks>
/// The t proposal's tails are heavier than any of the members' posteriors on unconstrained coordinates, so
/// the weights have finite variance. The effective sample size (Σw)²/Σw² is the diagnostic.
/// </remarks>
public sealed class ImportanceSample
{
    private const double DegreesOfFreedom = 5;

    private readonly double[][] sortedValues;
    private readonly double[][] sortedCumulativeWeights;

    private ImportanceSample(double[][] sortedValues, double[][] sortedCumulativeWeights, double effectiveSampleSize, double logMarginalLikelihood, double logMarginalLikelihoodError)
    {
        this.sortedValues = sortedValues;
        this.sortedCumulativeWeights = sortedCumulativeWeights;
        EffectiveSampleSize = effectiveSampleSize;
        LogMarginalLikelihood = logMarginalLikelihood;
        LogMarginalLikelihoodError = logMarginalLikelihoodError;
    }

    /// <summary>(Σw)²/Σw².</summary>
    public double EffectiveSampleSize { get; }

    /// <summary>log of the mean importance weight: an estimate of the marginal likelihood.</summary>
    public double LogMarginalLikelihood { get; }

    /// <summary>The Monte Carlo standard error of the mean weight relative to it (≈ the standard error of <see cref="LogMarginalLikelihood"/>).</summary>
    public double LogMarginalLikelihoodError { get; }

    /// <summary>Draws <paramref name="draws"/> points for <paramref name="density"/> around <paramref name="mode"/>, reproducibly from (<paramref name="seed"/>, <paramref name="stream"/>).</summary>
    public static ImportanceSample Draw(IPosteriorDensity density, PosteriorMode mode, int draws, ulong seed, int stream)
    {
        ArgumentNullException.ThrowIfNull(density);
        ArgumentNullException.ThrowIfNull(mode);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 10);
        var d = density.Dimension;
        var random = new ChainRandom(seed, stream);
        var values = new double[d][];
        for (var p = 0; p < d; p++)
        {
            values[p] = new double[draws];
        }

        var logWeights = new double[draws];
        var z = new double[d];
        var u = new double[d];
        var natural = new double[d];
        var logProposalConstant = MathNet.Numerics.SpecialFunctions.GammaLn((DegreesOfFreedom + d) / 2) - MathNet.Numerics.SpecialFunctions.GammaLn(DegreesOfFreedom / 2)
            - (0.5 * d * Math.Log(DegreesOfFreedom * Math.PI)) - mode.LogDeterminantScale;
        for (var s = 0; s < draws; s++)
        {
            var chiSquare = 0.0;
            for (var j = 0; j < DegreesOfFreedom; j++)
            {
                var e = random.NextStandardNormal();
                chiSquare += e * e;
            }

            var radius = Math.Sqrt(DegreesOfFreedom / chiSquare);
            var squaredNorm = 0.0;
            for (var c = 0; c < d; c++)
            {
                var e = random.NextStandardNormal();
                z[c] = e * radius;
                squaredNorm += z[c] * z[c];
            }

            for (var r = 0; r < d; r++)
            {
                var value = mode.Location[r];
                for (var c = 0; c <= r; c++)
                {
                    value += mode.Scale[r, c] * z[c];
                }

                u[r] = value;
            }

            var logProposal = logProposalConstant - ((DegreesOfFreedom + d) / 2 * Math.Log(1 + (squaredNorm / DegreesOfFreedom)));
            var logDensity = density.LogDensity(u);
            logWeights[s] = double.IsFinite(logDensity) ? logDensity - logProposal : double.NegativeInfinity;
            density.Constrain(u, natural);
            for (var p = 0; p < d; p++)
            {
                values[p][s] = natural[p];
            }
        }

        var largest = logWeights.Max();
        var weights = logWeights.Select(l => Math.Exp(l - largest)).ToArray();
        var sum = weights.Sum();
        var sumSquares = weights.Sum(w => w * w);
        var mean = sum / draws;
        var variance = (sumSquares / draws) - (mean * mean);
        var sortedValues = new double[d][];
        var sortedCumulative = new double[d][];
        for (var p = 0; p < d; p++)
        {
            var order = Enumerable.Range(0, draws).OrderBy(s => values[p][s]).ToArray();
            sortedValues[p] = order.Select(s => values[p][s]).ToArray();
            sortedCumulative[p] = new double[draws];
            var running = 0.0;
            for (var s = 0; s < draws; s++)
            {
                running += weights[order[s]] / sum;
                sortedCumulative[p][s] = running;
            }
        }

        return new ImportanceSample(
            sortedValues,
            sortedCumulative,
            sum * sum / sumSquares,
            largest + Math.Log(mean),
            Math.Sqrt(Math.Max(variance, 0) / draws) / mean);
    }

    /// <summary>The weighted empirical distribution function of parameter <paramref name="parameter"/> at <paramref name="x"/>.</summary>
    public double Cdf(int parameter, double x)
    {
        var values = sortedValues[parameter];
        var index = Array.BinarySearch(values, x);
        var below = index >= 0 ? index : ~index - 1;
        while (index >= 0 && below + 1 < values.Length && values[below + 1] <= x)
        {
            below++;
        }

        return below < 0 ? 0 : sortedCumulativeWeights[parameter][below];
    }
}
