using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// Case diagnostics of a three-level fit: each cluster and each effect left out in turn, the model refitted
/// (variance components re-estimated, metafor's <c>reestimate = TRUE</c>), and per effect its hat value and
/// weight in the full model (metafor's <c>hatvalues</c>, <c>weights</c> for <c>rma.mv</c>).
/// </summary>
/// <remarks>
/// Leaving a whole study out is what matters with effects nested in studies: its effects share a random
/// effect (and with correlated sampling errors an error covariance), so one study's effects left out one at a
/// time understate how much the study moves the estimate. Refitting costs one three-level fit per unit.
/// </remarks>
public static class ThreeLevelInfluence
{
    /// <summary>Each cluster left out in turn, in the order of <see cref="EffectClusters.Labels"/>.</summary>
    public static IReadOnlyList<ThreeLevelDeletion> ByCluster(ThreeLevelFit fit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var full = new FullModel(fit);
        var rows = new ThreeLevelDeletion[fit.Clusters.Count];
        for (var c = 0; c < rows.Length; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows[c] = Delete(full, fit.Clusters.Labels[c], fit.Clusters.Members[c]);
        }

        return rows;
    }

    /// <summary>Each effect left out in turn, in data order.</summary>
    public static IReadOnlyList<ThreeLevelDeletion> ByEffect(ThreeLevelFit fit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var full = new FullModel(fit);
        var rows = new ThreeLevelDeletion[fit.K];
        for (var i = 0; i < rows.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows[i] = Delete(full, fit.Data.Labels[i], [i]);
        }

        return rows;
    }

    /// <summary>Per effect, the diagonal of X(X'WX)⁻¹X'W with W = M⁻¹, M the full model's marginal covariance.</summary>
    public static IReadOnlyList<double> HatValues(ThreeLevelFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return new FullModel(fit).Hat;
    }

    /// <summary>Per effect, the diagonal of W = M⁻¹ as a percentage of its sum.</summary>
    public static IReadOnlyList<double> Weights(ThreeLevelFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var diagonal = new FullModel(fit).Weights.Diagonal();
        var total = diagonal.Sum();
        return diagonal.Select(w => 100.0 * w / total).ToArray();
    }

    /// <summary>
    /// Refits <paramref name="fit"/>'s model (same estimator, test, level, sampling covariance and design) on the
    /// effects <paramref name="rows"/> only. Throws <see cref="InvalidInputException"/> when that model cannot be
    /// fitted there (fewer than two clusters, nothing nested, too few effects for the design).
    /// </summary>
    public static ThreeLevelFit Refit(ThreeLevelFit fit, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(rows);
        var data = fit.Data.Subset(rows);
        var clusters = EffectClusters.Create(rows.Select(i => fit.Clusters.Labels[fit.Clusters.ClusterOf(i)]).ToArray(), rows.Count);
        var covariance = fit.SamplingCovariance.IsDiagonal
            ? null
            : SamplingCovariance.FromMatrix(Submatrix(fit.SamplingCovariance.ToMatrix(), rows, rows), clusters);
        return ThreeLevelModel.Fit(data, clusters, covariance, fit.Design.Subset(rows), fit.Options);
    }

    private static ThreeLevelDeletion Delete(FullModel full, string label, IReadOnlyList<int> left)
    {
        var fit = full.Fit;
        var kept = Enumerable.Range(0, fit.K).Except(left).ToArray();
        ThreeLevelFit reduced;
        try
        {
            reduced = Refit(fit, kept);
        }
        catch (Exception e) when (e is InvalidInputException or ConvergenceException)
        {
            return Failed(label, left, fit.P);
        }

        var p = fit.P;
        var shift = Vector<double>.Build.DenseOfEnumerable(fit.Beta) - Vector<double>.Build.DenseOfEnumerable(reduced.Beta);
        var cooks = shift * (full.CoefficientPrecision * shift);
        var reducedCovariance = reduced.Covariance;

        // DFBETAS scale the shift by b's covariance on all effects under the refit's variance components (metafor's).
        var allEffects = ThreeLevelModel.Fit(fit.Data, fit.Clusters, fit.SamplingCovariance, fit.Design, fit.Options with { Sigma2Between = reduced.Sigma2Between, Sigma2Within = reduced.Sigma2Within }).Covariance;
        var dfbetas = Enumerable.Range(0, p).Select(j => shift[j] / Math.Sqrt(allEffects[j, j])).ToArray();

        // The left-out effects against the refit: residuals and their covariance M₍ᵢ₎ + X V₍ᵢ₎ X'.
        var x = Submatrix(fit.Design.X, left, Enumerable.Range(0, p).ToArray());
        var residuals = Vector<double>.Build.Dense(left.Count, r => fit.Data.Yi[left[r]]) - (x * Vector<double>.Build.DenseOfEnumerable(reduced.Beta));
        var marginal = Submatrix(fit.SamplingCovariance.ToMatrix(), left, left);
        for (var r = 0; r < left.Count; r++)
        {
            marginal[r, r] += reduced.Sigma2Within;
            for (var s = 0; s < left.Count; s++)
            {
                if (fit.Clusters.ClusterOf(left[r]) == fit.Clusters.ClusterOf(left[s]))
                {
                    marginal[r, s] += reduced.Sigma2Between;
                }
            }
        }

        var variance = marginal + (x * reducedCovariance * x.Transpose());
        var chiSquare = residuals * variance.Solve(residuals);
        var influential = ChiSquared.CDF(p, cooks) > 0.5
            || dfbetas.Any(d => Math.Abs(d) > 1)
            || (left.Count == 1 && full.Hat[left[0]] > 3.0 * p / fit.K);
        return new ThreeLevelDeletion(
            label,
            left,
            fit.Design.HasModerators ? null : reduced.Coefficients[0],
            reduced.Sigma2Between,
            reduced.Sigma2Within,
            reduced.Qe,
            cooks,
            dfbetas,
            residuals.ToArray(),
            variance.Diagonal().Select(Math.Sqrt).ToArray(),
            chiSquare,
            TailProbabilities.UpperChiSquared(chiSquare, left.Count),
            influential);
    }

    private static ThreeLevelDeletion Failed(string label, IReadOnlyList<int> left, int p) =>
        new(label, left, null, double.NaN, double.NaN, double.NaN, double.NaN, Enumerable.Repeat(double.NaN, p).ToArray(), Enumerable.Repeat(double.NaN, left.Count).ToArray(), Enumerable.Repeat(double.NaN, left.Count).ToArray(), double.NaN, double.NaN, false);

    private static Matrix<double> Submatrix(Matrix<double> matrix, IReadOnlyList<int> rows, IReadOnlyList<int> columns) =>
        Matrix<double>.Build.Dense(rows.Count, columns.Count, (r, c) => matrix[rows[r], columns[c]]);

    /// <summary>What every deletion compares against: the full fit's weights, hat values and precision of b.</summary>
    private sealed class FullModel
    {
        public FullModel(ThreeLevelFit fit)
        {
            Fit = fit;
            Weights = fit.MarginalCovariance().Inverse();
            CoefficientPrecision = fit.Covariance.Inverse();
            var x = fit.Design.X;
            Hat = (x * (x.TransposeThisAndMultiply(Weights * x)).Inverse() * x.TransposeThisAndMultiply(Weights)).Diagonal().ToArray();
        }

        public ThreeLevelFit Fit { get; }

        public Matrix<double> Weights { get; }

        public Matrix<double> CoefficientPrecision { get; }

        public double[] Hat { get; }
    }
}
