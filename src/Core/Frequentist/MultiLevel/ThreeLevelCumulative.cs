using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// Cumulative meta-analysis of an intercept-only three-level model: whole clusters (studies) are added in order
/// of first appearance and the model refitted to all effects of the clusters so far — a study enters with all
/// its effects, as it was published.
/// </summary>
/// <remarks>
/// The first steps, before the model can be fitted (it needs two clusters and one of them with more than one
/// effect), are left out; <see cref="Run"/> returns the steps that could be fitted, in order.
/// </remarks>
public static class ThreeLevelCumulative
{
    /// <summary>The steps from the first fittable one to the full data.</summary>
    public static IReadOnlyList<ThreeLevelCumulativeStep> Run(ThreeLevelFit fit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (fit.Design.HasModerators)
        {
            throw new InvalidInputException("model", "a cumulative analysis needs a model without moderators");
        }

        var steps = new List<ThreeLevelCumulativeStep>();
        var rows = new List<int>();
        for (var c = 0; c < fit.Clusters.Count; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.AddRange(fit.Clusters.Members[c]);
            rows.Sort();
            ThreeLevelFit step;
            try
            {
                step = c == fit.Clusters.Count - 1 ? fit : ThreeLevelInfluence.Refit(fit, rows);
            }
            catch (Exception e) when ((e is InvalidInputException or ConvergenceException) && steps.Count == 0)
            {
                continue;
            }

            steps.Add(new ThreeLevelCumulativeStep(fit.Clusters.Labels[c], c + 1, rows.Count, step.Coefficients[0], step.Sigma2Between, step.Sigma2Within));
        }

        return steps;
    }
}
