using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Tests.Bayesian.Diagnostics;

/// <summary>Chains with known autocorrelation, drawn from a fixed stream.</summary>
internal static class DrawGenerators
{
    /// <summary>Independent standard normal draws, <paramref name="chains"/> x <paramref name="draws"/>.</summary>
    public static double[][] Independent(int chains, int draws, ulong seed) => AutoRegressive(chains, draws, 0, seed);

    /// <summary>Stationary AR(1) chains xₜ = φ xₜ₋₁ + √(1-φ²) εₜ with unit variance; ESS/S = (1-φ)/(1+φ).</summary>
    public static double[][] AutoRegressive(int chains, int draws, double phi, ulong seed)
    {
        var result = new double[chains][];
        for (var c = 0; c < chains; c++)
        {
            var random = new ChainRandom(seed, c);
            result[c] = new double[draws];
            var x = random.NextStandardNormal();
            var innovation = Math.Sqrt(1 - (phi * phi));
            for (var t = 0; t < draws; t++)
            {
                x = (phi * x) + (innovation * random.NextStandardNormal());
                result[c][t] = x;
            }
        }

        return result;
    }
}
