using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.Tau2;

namespace MetaAnalysis.Core.Frequentist.Permutation;

/// <summary>
/// Refits one random-effects model to rearrangements of its data — effects with flipped signs, or the
/// rows of the design permuted against fixed effects — reusing one least-squares workspace, so a refit
/// costs the τ² estimator's iterations and nothing else (no R², no heterogeneity figures, no allocation
/// of the data).
/// </summary>
internal sealed class PermutationRefitter
{
    private readonly MetaRegressionProblem problem;
    private readonly ITau2Estimator estimator;
    private readonly CoefficientTest test;
    private readonly DesignMatrix design;
    private readonly double[] originalEffects;
    private readonly double[] originalDesign;
    private readonly double[] flipped;
    private readonly double[] covariance;

    public PermutationRefitter(EffectData data, DesignMatrix design, ITau2Estimator estimator, CoefficientTest test)
    {
        problem = MetaRegressionProblem.Create(data, design);
        this.estimator = estimator;
        this.test = test;
        this.design = design;
        originalEffects = data.Yi.ToArray();
        originalDesign = design.X.ToColumnMajorArray();
        flipped = new double[data.K];
        covariance = new double[design.Columns * design.Columns];
    }

    /// <summary>Refits with yᵢ multiplied by -1 for every i whose bit is set in <paramref name="signs"/> (bit i: study i).</summary>
    public ArrangementStatistics WithFlippedSigns(ulong signs)
    {
        for (var i = 0; i < flipped.Length; i++)
        {
            flipped[i] = ((signs >> i) & 1) == 1 ? -originalEffects[i] : originalEffects[i];
        }

        problem.OverwriteEffects(flipped);
        return Refit();
    }

    /// <summary>Refits with row i of the design taken from row <paramref name="rows"/>[i] of the original.</summary>
    public ArrangementStatistics WithDesignRows(ReadOnlySpan<int> rows)
    {
        problem.OverwriteDesignRows(rows, originalDesign);
        return Refit();
    }

    private ArrangementStatistics Refit()
    {
        var tau2 = estimator.Estimate(problem).Tau2;
        var fit = problem.FitAt(tau2);
        var p = problem.P;
        fit.CovarianceInto(covariance);
        var knappHartung = test == CoefficientTest.KnappHartung;
        var scale = knappHartung ? KnappHartung.ScaleFactor(fit.ResidualQuadraticForm, problem.K, p) : 1.0;
        var beta = fit.Beta.ToArray();
        var statistics = new double[p];
        for (var j = 0; j < p; j++)
        {
            statistics[j] = beta[j] / Math.Sqrt(scale * covariance[(j * p) + j]);
        }

        var scaled = Matrix<double>.Build.Dense(p, p, (r, c) => scale * covariance[(r * p) + c]);
        int? df = test == CoefficientTest.Z ? null : problem.K - p;
        var moderatorTest = WaldInference.ModeratorTest(design, beta, scaled, df);
        return new ArrangementStatistics(beta, statistics, moderatorTest.Statistic);
    }
}
