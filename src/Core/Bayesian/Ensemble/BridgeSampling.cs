using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>
/// The marginal likelihood from posterior draws by bridge sampling (Meng and Wong 1996) with a normal
/// proposal, the scheme of Gronau et al.'s R package bridgesampling (method "normal").
/// </summary>
/// <remarks>
/// <para>The first half of each chain fits the proposal g = N(mean, covariance) on unconstrained coordinates;
/// the second half (N₁ draws θᵢ) and N₂ = N₁ proposal draws θ̃ⱼ enter the optimal bridge's fixed point. With
/// l₁ᵢ = log q(θᵢ) − log g(θᵢ), l₂ⱼ = log q(θ̃ⱼ) − log g(θ̃ⱼ), s₁ = N₁'/(N₁' + N₂), s₂ = N₂/(N₁' + N₂) (N₁' the
/// effective size of the posterior draws, as bridgesampling does) and every term scaled by e^(−l*) with l* the
/// median of l₁: r ← [mean over j of e^(l₂ⱼ)/(s₁ e^(l₂ⱼ) + s₂ r)] / [mean over i of 1/(s₁ e^(l₁ᵢ) + s₂ r)], until the
/// relative change is below 1e-10; p(y) = r e^(l*).</para>
/// <para>Error (Frühwirth-Schnatter 2004): with p the normalized posterior,
/// f₁ = p(θ̃)/(s₁ p(θ̃) + s₂ g(θ̃)), f₂ = g(θ)/(s₁ p(θ) + s₂ g(θ)) (s = N/(N₁ + N₂) here),
/// RE² = V(f₁)/(N₂ E(f₁)²) + ρ(0) V(f₂)/(N₁ E(f₂)²), where ρ(0) is the normalized spectral density of f₂ at 0, the
/// integrated autocorrelation time N₁/ESS(f₂) (ESS by the project's Geyer estimator; bridgesampling multiplies by
/// coda's unnormalized spectral density instead, which is this times V(f₂)). √RE² is the coefficient of variation,
/// ≈ the standard error of log p(y).</para>
/// </remarks>
public static class BridgeSampling
{
    private const double Tolerance = 1e-10;
    private const int MaximumIterations = 1000;

    /// <summary>
    /// Estimates ∫ q for <paramref name="logDensity"/> q from posterior <paramref name="chains"/> (each chain an
    /// array of draws on unconstrained coordinates, in iteration order), with proposal draws from (<paramref name="seed"/>, stream 0).
    /// </summary>
    public static BridgeSamplingResult Estimate(Func<double[], double> logDensity, IReadOnlyList<double[][]> chains, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(logDensity);
        ArgumentNullException.ThrowIfNull(chains);
        if (chains.Count == 0 || chains.Any(c => c.Length < 20))
        {
            throw new ArgumentException("bridge sampling needs at least 20 draws per chain", nameof(chains));
        }

        var d = chains[0][0].Length;
        var fitting = chains.SelectMany(c => c.Take(c.Length / 2)).ToArray();
        var iterationChains = chains.Select(c => c.Skip(c.Length / 2).ToArray()).ToArray();
        var posterior = iterationChains.SelectMany(c => c).ToArray();
        var n1 = posterior.Length;
        var n2 = n1;

        var mean = Vector<double>.Build.Dense(d, j => fitting.Average(x => x[j]));
        var covariance = Matrix<double>.Build.Dense(d, d);
        foreach (var x in fitting)
        {
            for (var a = 0; a < d; a++)
            {
                for (var b = 0; b < d; b++)
                {
                    covariance[a, b] += (x[a] - mean[a]) * (x[b] - mean[b]) / (fitting.Length - 1);
                }
            }
        }

        var factor = covariance.Cholesky().Factor;
        var logDeterminant = Enumerable.Range(0, d).Sum(j => Math.Log(factor[j, j]));
        double LogProposal(double[] x)
        {
            var centred = Vector<double>.Build.Dense(d, j => x[j] - mean[j]);
            var z = factor.Solve(centred);
            return (-0.5 * d * Math.Log(2 * Math.PI)) - logDeterminant - (0.5 * z.DotProduct(z));
        }

        var random = new ChainRandom(seed, 0);
        var proposal = new double[n2][];
        for (var j = 0; j < n2; j++)
        {
            var z = Vector<double>.Build.Dense(d, _ => random.NextStandardNormal());
            proposal[j] = (mean + (factor * z)).ToArray();
        }

        var q11 = posterior.Select(logDensity).ToArray();
        var q12 = posterior.Select(LogProposal).ToArray();
        var q21 = proposal.Select(logDensity).ToArray();
        var q22 = proposal.Select(LogProposal).ToArray();
        var l1 = q11.Zip(q12, (q, g) => q - g).ToArray();
        var l2 = q21.Zip(q22, (q, g) => double.IsFinite(q) ? q - g : double.NegativeInfinity).ToArray();
        var lStar = Median(l1);

        var effective = Math.Min(n1, MedianEffectiveSize(iterationChains, d));
        var s1 = effective / (effective + n2);
        var s2 = n2 / (effective + n2);
        var r = 1.0;
        var iterations = 0;
        for (; iterations < MaximumIterations; iterations++)
        {
            double numerator = 0, denominator = 0;
            foreach (var l in l2)
            {
                var e = Math.Exp(l - lStar);
                numerator += e / ((s1 * e) + (s2 * r));
            }

            foreach (var l in l1)
            {
                denominator += 1 / ((s1 * Math.Exp(l - lStar)) + (s2 * r));
            }

            var next = numerator / n2 / (denominator / n1);
            var change = Math.Abs(next - r) / next;
            r = next;
            if (change < Tolerance)
            {
                iterations++;
                break;
            }
        }

        var logMarginal = Math.Log(r) + lStar;
        var error = RelativeError(q11, q12, q21, q22, logMarginal, iterationChains.Select(c => c.Length).ToArray());
        return new BridgeSamplingResult(logMarginal, error, iterations, n1, n2);
    }

    private static double RelativeError(double[] q11, double[] q12, double[] q21, double[] q22, double logMarginal, int[] chainLengths)
    {
        double n1 = q11.Length, n2 = q21.Length;
        var s1 = n1 / (n1 + n2);
        var s2 = n2 / (n1 + n2);

        // p = q / p(y): f₁ at proposal draws, f₂ at posterior draws, both on the scale where p and g are densities.
        var f1 = q21.Zip(q22, (q, g) =>
        {
            var p = Math.Exp(q - logMarginal);
            return p / ((s1 * p) + (s2 * Math.Exp(g)));
        }).ToArray();
        var f2 = q11.Zip(q12, (q, g) =>
        {
            var gValue = Math.Exp(g);
            return gValue / ((s1 * Math.Exp(q - logMarginal)) + (s2 * gValue));
        }).ToArray();

        var f2Chains = new List<double[]>();
        var offset = 0;
        foreach (var length in chainLengths)
        {
            f2Chains.Add(f2.AsSpan(offset, length).ToArray());
            offset += length;
        }

        var ess = EffectiveSampleSize.Basic(f2Chains);
        var autocorrelationTime = double.IsFinite(ess) && ess > 0 ? n1 / ess : 1;
        var term1 = Variance(f1) / (n2 * Math.Pow(f1.Average(), 2));
        var term2 = autocorrelationTime * Variance(f2) / (n1 * Math.Pow(f2.Average(), 2));
        return Math.Sqrt(term1 + term2);
    }

    private static double MedianEffectiveSize(double[][][] chains, int d)
    {
        var sizes = new double[d];
        for (var j = 0; j < d; j++)
        {
            var column = chains.Select(c => c.Select(x => x[j]).ToArray()).ToArray();
            sizes[j] = EffectiveSampleSize.Basic(column);
        }

        return Median(sizes);
    }

    private static double Variance(double[] values)
    {
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[(n / 2) - 1] + sorted[n / 2]);
    }
}
