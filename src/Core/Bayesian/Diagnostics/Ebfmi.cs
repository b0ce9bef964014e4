using MetaAnalysis.Core.Bayesian.Nuts;

namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>
/// The energy Bayesian fraction of missing information (Betancourt 2016): how well the momentum
/// resampling moves the chain between energy levels. Below 0.3 the chain explores the tails poorly.
/// </summary>
/// <remarks>E-BFMI = Σₜ (Eₜ - Eₜ₋₁)² / Σₜ (Eₜ - Ē)² over one chain's kept energies.</remarks>
public static class Ebfmi
{
    /// <summary>The threshold below which E-BFMI is a warning.</summary>
    public const double Threshold = 0.3;

    /// <summary>E-BFMI of a sequence of energies.</summary>
    public static double Compute(IReadOnlyList<double> energies)
    {
        ArgumentNullException.ThrowIfNull(energies);
        if (energies.Count < 2)
        {
            return double.NaN;
        }

        var mean = energies.Average();
        var numerator = 0.0;
        var denominator = 0.0;
        for (var t = 0; t < energies.Count; t++)
        {
            denominator += (energies[t] - mean) * (energies[t] - mean);
            if (t > 0)
            {
                numerator += (energies[t] - energies[t - 1]) * (energies[t] - energies[t - 1]);
            }
        }

        return numerator / denominator;
    }

    /// <summary>E-BFMI of every chain.</summary>
    public static double[] PerChain(SamplingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Chains.Select(c => Compute(c.Statistics.Select(s => s.Energy).ToArray())).ToArray();
    }
}
