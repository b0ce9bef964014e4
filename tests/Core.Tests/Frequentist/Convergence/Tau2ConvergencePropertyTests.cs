using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.Tau2;

namespace MetaAnalysis.Core.Tests.Frequentist.Convergence;

/// <summary>
/// Every τ² estimator on thousands of random small data sets (k 3–30, sampling variances over several
/// orders of magnitude, with and without a moderator): a finite estimate always, the likelihood estimators
/// at least as high in their likelihood as a fine grid search, the moment-type roots solving their equation.
/// </summary>
public class Tau2ConvergencePropertyTests
{
    private const int DataSets = 5000;

    [Theory]
    [InlineData("REML", true)]
    [InlineData("ML", false)]
    public void LikelihoodEstimators_RandomSmallDataSets_ReachAtLeastTheGridMaximum(string code, bool restricted)
    {
        var random = new Random(20261202);
        var estimator = Tau2Estimators.FromCode(code);
        var failures = new List<string>();
        for (var set = 0; set < DataSets; set++)
        {
            var (problem, yi, vi) = RandomDataSets.Draw(random);
            if (!TryEstimate(estimator, problem, set, failures, out var tau2))
            {
                continue;
            }

            var atEstimate = LogLikelihood.Compute(problem, tau2, restricted);
            var best = GridMaximum(problem, yi, vi, restricted);
            if (atEstimate < best.Value - (1e-9 * Math.Max(1, Math.Abs(best.Value))))
            {
                failures.Add($"set {set}: τ² {tau2:R} has ℓ {atEstimate:R} below the grid's {best.Value:R} at τ² {best.Tau2:R}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {DataSets} data sets failed:\n" + string.Join("\n", failures.Take(20)));
    }

    [Theory]
    [InlineData("PM")]
    [InlineData("EB")]
    public void GeneralizedQRoots_RandomSmallDataSets_SolveQEqualsDegreesOfFreedom(string code)
    {
        var random = new Random(20261203);
        var estimator = Tau2Estimators.FromCode(code);
        var failures = new List<string>();
        for (var set = 0; set < DataSets; set++)
        {
            var (problem, _, _) = RandomDataSets.Draw(random);
            if (!TryEstimate(estimator, problem, set, failures, out var tau2))
            {
                continue;
            }

            double df = problem.K - problem.P;
            var q = new ExplicitAlgebra(problem.Data, problem.Design).Q(tau2);
            var solves = tau2 == 0 ? q <= df * (1 + 1e-9) : Math.Abs(q - df) <= 1e-9 * df;
            if (!solves)
            {
                failures.Add($"set {set}: τ² {tau2:R} gives Q {q:R}, not k - p = {df}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {DataSets} data sets failed:\n" + string.Join("\n", failures.Take(20)));
    }

    [Theory]
    [InlineData("DL")]
    [InlineData("HE")]
    [InlineData("HS")]
    [InlineData("SJ")]
    public void ClosedForms_RandomSmallDataSets_AreFiniteAndNonNegative(string code)
    {
        var random = new Random(20261204);
        var estimator = Tau2Estimators.FromCode(code);
        for (var set = 0; set < DataSets; set++)
        {
            var (problem, _, _) = RandomDataSets.Draw(random);
            var estimate = estimator.Estimate(problem);
            Assert.True(double.IsFinite(estimate.Tau2) && estimate.Tau2 >= 0, $"set {set}: τ² {estimate.Tau2:R}");
        }
    }

    private static bool TryEstimate(ITau2Estimator estimator, MetaRegressionProblem problem, int set, List<string> failures, out double tau2)
    {
        try
        {
            tau2 = estimator.Estimate(problem).Tau2;
        }
        catch (ConvergenceException e)
        {
            failures.Add($"set {set}: {e.Message}");
            tau2 = double.NaN;
            return false;
        }

        if (!double.IsFinite(tau2) || tau2 < 0)
        {
            failures.Add($"set {set}: τ² {tau2:R}");
            return false;
        }

        return true;
    }

    /// <summary>The best of τ² = 0 and 240 points spaced evenly in log τ² over ten decades up to 100 times the spread of the effects.</summary>
    private static (double Tau2, double Value) GridMaximum(MetaRegressionProblem problem, double[] yi, double[] vi, bool restricted)
    {
        var mean = yi.Average();
        var scale = (yi.Sum(y => (y - mean) * (y - mean)) / yi.Length) + vi.Max();
        var best = (Tau2: 0.0, Value: LogLikelihood.Compute(problem, 0.0, restricted));
        const int points = 240;
        for (var i = 0; i <= points; i++)
        {
            var tau2 = scale * Math.Pow(10, -8 + (10.0 * i / points));
            var value = LogLikelihood.Compute(problem, tau2, restricted);
            if (value > best.Value)
            {
                best = (tau2, value);
            }
        }

        return best;
    }
}
