namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>Shared checks and helpers over draws laid out as one array per chain.</summary>
internal static class DrawMatrix
{
    /// <summary>Requires at least one chain, all of the same non-zero length.</summary>
    public static void Check(IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        if (chains.Count == 0 || chains[0] is null || chains[0].Length == 0)
        {
            throw new ArgumentException("at least one chain with at least one draw is needed", nameof(chains));
        }

        foreach (var chain in chains)
        {
            if (chain is null || chain.Length != chains[0].Length)
            {
                throw new ArgumentException("every chain must have the same number of draws", nameof(chains));
            }
        }
    }

    /// <summary>Every draw of every chain in one array.</summary>
    public static double[] Pool(IReadOnlyList<double[]> chains)
    {
        var pooled = new double[chains.Count * chains[0].Length];
        for (var c = 0; c < chains.Count; c++)
        {
            chains[c].CopyTo(pooled, c * chains[0].Length);
        }

        return pooled;
    }

    /// <summary>Applies <paramref name="map"/> to every draw.</summary>
    public static double[][] Map(IReadOnlyList<double[]> chains, Func<double, double> map) =>
        chains.Select(c => c.Select(map).ToArray()).ToArray();

    /// <summary>Whether any draw is NaN or infinite.</summary>
    public static bool AnyNonFinite(IReadOnlyList<double[]> chains) => chains.Any(c => c.Any(v => !double.IsFinite(v)));

    /// <summary>Whether every draw has the same value (posterior's <c>is_constant</c>).</summary>
    public static bool IsConstant(IReadOnlyList<double[]> chains)
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var chain in chains)
        {
            foreach (var v in chain)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        return Math.Abs(max - min) < double.Epsilon * 1e10 || max == min;
    }

    /// <summary>Mean of a sequence.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    /// <summary>Sample variance (denominator n - 1).</summary>
    public static double Variance(ReadOnlySpan<double> values)
    {
        var mean = Mean(values);
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return sum / (values.Length - 1);
    }
}
