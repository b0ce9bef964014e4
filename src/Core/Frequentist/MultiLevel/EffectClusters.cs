using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// Which cluster (study, lab, district) each effect belongs to: the grouping of a three-level model
/// and of cluster-robust inference. Clusters are numbered in order of first appearance.
/// </summary>
public sealed class EffectClusters
{
    private readonly int[] clusterOf;
    private readonly int[][] members;
    private readonly string[] labels;

    private EffectClusters(int[] clusterOf, int[][] members, string[] labels)
    {
        this.clusterOf = clusterOf;
        this.members = members;
        this.labels = labels;
    }

    /// <summary>Number of effects.</summary>
    public int EffectCount => clusterOf.Length;

    /// <summary>Number of distinct clusters.</summary>
    public int Count => members.Length;

    /// <summary>The cluster labels, in order of first appearance.</summary>
    public IReadOnlyList<string> Labels => labels;

    /// <summary>The indices of the effects in each cluster, in data order.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Members => members;

    /// <summary>Whether every cluster holds a single effect (nothing is nested).</summary>
    public bool AllSingletons => members.All(m => m.Length == 1);

    /// <summary>The cluster index of effect <paramref name="effect"/>.</summary>
    public int ClusterOf(int effect) => clusterOf[effect];

    /// <summary>
    /// Groups <paramref name="k"/> effects by <paramref name="labels"/>. Throws
    /// <see cref="InvalidInputException"/> naming <paramref name="field"/> when the lengths differ,
    /// a label is empty, or fewer than <paramref name="minimumClusters"/> clusters remain.
    /// </summary>
    /// <remarks>Labels are compared ordinally; "01" and "1" are different clusters.</remarks>
    public static EffectClusters Create(IReadOnlyList<string> labels, int k, string field = "cluster", int minimumClusters = 2)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Guard.SameLength(labels, field, k, "yi");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        var groups = new List<List<int>>();
        var clusterOf = new int[k];
        for (var i = 0; i < k; i++)
        {
            var label = labels[i];
            if (string.IsNullOrWhiteSpace(label))
            {
                throw new InvalidInputException(Guard.Element(field, i), "is empty; every effect needs a cluster");
            }

            if (!index.TryGetValue(label, out var j))
            {
                j = order.Count;
                index.Add(label, j);
                order.Add(label);
                groups.Add([]);
            }

            groups[j].Add(i);
            clusterOf[i] = j;
        }

        if (order.Count < minimumClusters)
        {
            throw new InvalidInputException(field, $"needs at least {minimumClusters} distinct clusters, got {order.Count}");
        }

        return new EffectClusters(clusterOf, groups.Select(g => g.ToArray()).ToArray(), order.ToArray());
    }
}
