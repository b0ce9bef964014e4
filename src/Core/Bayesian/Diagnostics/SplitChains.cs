namespace MetaAnalysis.Core.Bayesian.Diagnostics;

/// <summary>Splits every chain into its first and second half, so that R-hat and ESS also see drift within a chain.</summary>
public static class SplitChains
{
    /// <summary>
    /// The halves of every chain: first halves then second halves, in chain order as posterior's
    /// <c>split_chains</c> binds them. With an odd number of draws the middle draw is dropped.
    /// </summary>
    public static double[][] Split(IReadOnlyList<double[]> chains)
    {
        DrawMatrix.Check(chains);
        var n = chains[0].Length;
        if (n == 1)
        {
            return chains.Select(c => (double[])c.Clone()).ToArray();
        }

        var half = n / 2;
        var secondStart = n - half;
        var result = new double[2 * chains.Count][];
        for (var c = 0; c < chains.Count; c++)
        {
            result[c] = chains[c][..half];
            result[chains.Count + c] = chains[c][secondStart..];
        }

        return result;
    }
}
