using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace MetaAnalysis.Core.Frequentist.Influence;

/// <summary>
/// Case diagnostics of a random-effects model or meta-regression (metafor's <c>influence.rma.uni</c>):
/// studentized deleted residuals, DFFITS, Cook's distances, covariance ratios, leave-one-out τ² and Q,
/// hat values, weights and DFBETAS, each from a refit without the study (same estimator and test).
/// </summary>
/// <remarks>
/// Subscript (i) marks the refit without study i; s² is the Knapp-Hartung factor of that refit (1 for other
/// tests). The formulas are metafor's, listed on <see cref="InfluenceRow"/>. The model needs one effect
/// more than it would need to be fitted at all.
/// </remarks>
public static class InfluenceDiagnostics
{
    // R's .Machine$double.eps; metafor sets deleted residuals below 100 eps to exactly 0.
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>One row per study, in data order.</summary>
    public static IReadOnlyList<InfluenceRow> Compute(RandomEffectsFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        SubsetFits.RequireOneToSpare(fit, "influence diagnostics");
        var k = fit.K;
        var p = fit.P;
        var x = fit.Design.X;
        var beta = Vector<double>.Build.DenseOfEnumerable(fit.Beta);
        var covariance = fit.Covariance;
        var precision = Invert(covariance);
        var determinant = covariance.Determinant();
        var fullProblem = MetaRegressionProblem.Create(fit.Data, fit.Design);
        var deletedCovariance = new double[p * p];
        var rows = new InfluenceRow[k];
        for (var i = 0; i < k; i++)
        {
            var label = fit.Data.Labels[i];
            RandomEffectsFit deleted;
            try
            {
                deleted = SubsetFits.Refit(fit, SubsetFits.AllBut(k, i));
            }
            catch (Validation.InvalidInputException)
            {
                rows[i] = Unavailable(label, fit, i);
                continue;
            }
            catch (ConvergenceException)
            {
                rows[i] = Unavailable(label, fit, i);
                continue;
            }

            var xi = x.Row(i);
            var deletedBeta = Vector<double>.Build.DenseOfEnumerable(deleted.Beta);
            var deletedVariance = deleted.Covariance;
            var s2 = deleted.ScaleFactor;
            var tau2 = deleted.Tau2;
            var vi = fit.Data.Vi[i];
            var deletedPrediction = xi.DotProduct(deletedBeta);
            var predictionVariance = xi.DotProduct(deletedVariance * xi);

            var residual = fit.Data.Yi[i] - deletedPrediction;
            if (Math.Abs(residual) < 100 * MachineEpsilon)
            {
                residual = 0;
            }

            var studentized = residual / Math.Sqrt((vi * s2) + predictionVariance + (tau2 * s2));
            var dffits = (xi.DotProduct(beta) - deletedPrediction) / Math.Sqrt(s2 * fit.Leverage[i] * (tau2 + vi));

            // DFBETAS scale by the full design's covariance at the deleted τ², as metafor does.
            fullProblem.FitAt(tau2).CovarianceInto(deletedCovariance);
            var difference = beta - deletedBeta;
            var dfbetas = new double[p];
            for (var j = 0; j < p; j++)
            {
                dfbetas[j] = difference[j] / Math.Sqrt(s2 * deletedCovariance[(j * p) + j]);
            }

            var cooks = precision is null ? double.NaN : difference.DotProduct(precision * difference);
            var ratio = deletedVariance.Determinant() / determinant;
            var influential = Math.Abs(dffits) > 3 * Math.Sqrt((double)p / (k - p))
                || ChiSquared.CDF(p, cooks) > 0.5
                || fit.Leverage[i] > 3.0 * p / k
                || dfbetas.Any(d => Math.Abs(d) > 1);
            rows[i] = new InfluenceRow(label, studentized, dffits, cooks, ratio, tau2, deleted.Qe, fit.Leverage[i], fit.Weights[i], dfbetas, influential);
        }

        return rows;
    }

    private static InfluenceRow Unavailable(string label, RandomEffectsFit fit, int i) =>
        new(label, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, fit.Leverage[i], fit.Weights[i], Enumerable.Repeat(double.NaN, fit.P).ToArray(), false);

    private static Matrix<double>? Invert(Matrix<double> covariance)
    {
        // A Knapp-Hartung factor of 0 (all effects equal) leaves no precision to measure distances with.
        for (var j = 0; j < covariance.RowCount; j++)
        {
            if (!(covariance[j, j] > 0))
            {
                return null;
            }
        }

        return covariance.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(covariance.RowCount));
    }
}
