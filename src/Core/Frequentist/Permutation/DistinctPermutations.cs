using System.Numerics;

namespace MetaAnalysis.Core.Frequentist.Permutation;

/// <summary>
/// Every distinct arrangement of a sequence with repeated values (a multiset), in lexicographic order:
/// k!/Π m_j! of them for values repeated m_j times. Permuting rows of a design whose rows repeat gives
/// each distinct design once, as metafor's exact permutation test enumerates them.
/// </summary>
internal static class DistinctPermutations
{
    /// <summary>The number of distinct arrangements, k!/Π m_j!.</summary>
    public static BigInteger Count(IReadOnlyList<int> labels)
    {
        var count = Factorial(labels.Count);
        foreach (var group in labels.GroupBy(l => l))
        {
            count /= Factorial(group.Count());
        }

        return count;
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with each distinct arrangement of <paramref name="labels"/>,
    /// starting from the sorted one; the span is reused between calls.
    /// </summary>
    public static void ForEach(IReadOnlyList<int> labels, Action<int[]> visit)
    {
        var current = labels.Order().ToArray();
        do
        {
            visit(current);
        }
        while (Next(current));
    }

    /// <summary>
    /// Rearranges <paramref name="values"/> into the next arrangement in lexicographic order (Narayana
    /// Pandita's algorithm, which skips repeated arrangements of equal values); false after the last.
    /// </summary>
    private static bool Next(int[] values)
    {
        var pivot = values.Length - 2;
        while (pivot >= 0 && values[pivot] >= values[pivot + 1])
        {
            pivot--;
        }

        if (pivot < 0)
        {
            return false;
        }

        var successor = values.Length - 1;
        while (values[successor] <= values[pivot])
        {
            successor--;
        }

        (values[pivot], values[successor]) = (values[successor], values[pivot]);
        Array.Reverse(values, pivot + 1, values.Length - pivot - 1);
        return true;
    }

    private static BigInteger Factorial(int n)
    {
        var result = BigInteger.One;
        for (var i = 2; i <= n; i++)
        {
            result *= i;
        }

        return result;
    }
}
