using System.Globalization;

namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>
/// Finds the τ² in [0, ∞) with the highest full (ML) or restricted (REML) log-likelihood, β profiled out:
/// a scan over a logarithmic grid brackets every local maximum, and each bracket is refined by a
/// safeguarded Newton iteration on the score (Fisher scoring inside the bracket, bisection where a
/// step would leave it) until the score itself is negligible.
/// </summary>
/// <remarks>
/// <para>
/// metafor runs Fisher scoring from the Hedges-Olkin estimate and stops when the step is below 1e-5. On
/// small data sets whose likelihood is nearly flat the plain iteration can cycle without end, and where
/// the likelihood has two local maxima (it can, with a few precise studies against imprecise ones) it
/// stops at whichever it reaches first. The grid makes the answer the global maximum; the bracket makes
/// the refinement converge whatever the curvature.
/// </para>
/// <para>
/// The grid spans 10⁻⁸ to 10⁴ times the unweighted residual variance s² = y'(I - H)y/(k - p), two
/// points a decade, plus τ² = 0. The likelihood falls beyond s² (the score is negative there up to the
/// sampling variances' share), so the top is far past any maximum; should the likelihood still rise at
/// the top, the grid is extended decade by decade, and a likelihood that rises without end is reported
/// as having no finite maximum.
/// </para>
/// <para>
/// Refinement stops when the standardized score |U(τ²)|/√I(τ²) is below 1e-9, that is when the next
/// Fisher step would be below 1e-9 standard errors of τ̂², or when the bracket has shrunk to rounding.
/// The criterion is free of the scale of the sampling variances, so one uninformative study (vᵢ = 10⁸)
/// does not loosen it.
/// </para>
/// </remarks>
internal sealed class ProfileLikelihoodMaximizer
{
    private const int PointsPerDecade = 2;
    private const int LowestDecade = -8;
    private const int HighestDecade = 4;
    private const int ExtraDecades = 30;
    private const int MaximumRefinementSteps = 200;
    private const double StandardizedScoreTolerance = 1e-9;

    private readonly MetaRegressionProblem problem;
    private readonly bool restricted;
    private readonly string method;
    private readonly double logDeterminantOfCrossProduct;

    private ProfileLikelihoodMaximizer(MetaRegressionProblem problem, bool restricted, string method)
    {
        this.problem = problem;
        this.restricted = restricted;
        this.method = method;
        // Read before any refit: the first read refits the shared workspace by ordinary least squares.
        logDeterminantOfCrossProduct = restricted ? problem.LogDeterminantOfCrossProduct : 0.0;
    }

    /// <summary>The maximizing τ² and the number of refinement steps it took.</summary>
    public static (double Tau2, int Iterations) Maximize(MetaRegressionProblem problem, bool restricted, string method) =>
        new ProfileLikelihoodMaximizer(problem, restricted, method).Maximize();

    private (double Tau2, int Iterations) Maximize()
    {
        var grid = Grid();
        var best = (Tau2: 0.0, grid[0].LogLikelihood, Iterations: 0);
        for (var i = 0; i < grid.Count; i++)
        {
            var isLocalMaximum = (i == 0 || grid[i].LogLikelihood >= grid[i - 1].LogLikelihood)
                && (i == grid.Count - 1 || grid[i].LogLikelihood >= grid[i + 1].LogLikelihood);
            if (!isLocalMaximum)
            {
                continue;
            }

            var refined = i == 0
                ? RefineAtBoundary(grid[0], grid[1])
                : Refine(grid[i - 1].Tau2, grid[i].Tau2, grid[Math.Min(i + 1, grid.Count - 1)].Tau2);
            if (refined.LogLikelihood > best.LogLikelihood)
            {
                best = refined;
            }
        }

        return (best.Tau2, best.Iterations);
    }

    /// <summary>τ² = 0 and the logarithmic grid with the likelihood at each point, extended while the likelihood still rises at its top.</summary>
    private List<(double Tau2, double LogLikelihood)> Grid()
    {
        var scale = ResidualVarianceScale();
        var grid = new List<(double Tau2, double LogLikelihood)> { (0.0, LogLikelihoodAt(0.0)) };
        for (var j = LowestDecade * PointsPerDecade; j <= HighestDecade * PointsPerDecade; j++)
        {
            var tau2 = scale * Math.Pow(10, (double)j / PointsPerDecade);
            grid.Add((tau2, LogLikelihoodAt(tau2)));
        }

        for (var extra = 0; grid[^1].LogLikelihood > grid[^2].LogLikelihood; extra++)
        {
            if (extra == ExtraDecades * PointsPerDecade || !double.IsFinite(grid[^1].LogLikelihood))
            {
                throw new ConvergenceException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"the {Likelihood} still rises at τ² = {grid[^1].Tau2:G3}: it has no finite maximum, so there is no {method} estimate of τ²"));
            }

            var tau2 = grid[^1].Tau2 * Math.Pow(10, 1.0 / PointsPerDecade);
            grid.Add((tau2, LogLikelihoodAt(tau2)));
        }

        return grid;
    }

    private string Likelihood => restricted ? "restricted likelihood" : "likelihood";

    /// <summary>s² = y'(I - H)y/(k - p), or the mean sampling variance when the design fits y exactly.</summary>
    private double ResidualVarianceScale()
    {
        var residual = problem.FitUnweighted().ResidualQuadraticForm / Math.Max(1, problem.K - problem.P);
        if (residual > 0 && double.IsFinite(residual))
        {
            return residual;
        }

        var sum = 0.0;
        foreach (var v in problem.Vi)
        {
            sum += v;
        }

        return sum / problem.K;
    }

    /// <summary>A local maximum at τ² = 0 stays there unless the score at 0 points up, when the maximum lies inside (0, next].</summary>
    private (double Tau2, double LogLikelihood, int Iterations) RefineAtBoundary((double Tau2, double LogLikelihood) zero, (double Tau2, double LogLikelihood) next)
    {
        var atZero = Evaluate(0.0);
        return atZero.Score > 0 ? Refine(0.0, 0.0, next.Tau2) : (0.0, zero.LogLikelihood, 0);
    }

    /// <summary>
    /// Finds the root of the score in [<paramref name="lower"/>, <paramref name="upper"/>] from the grid's
    /// best point <paramref name="start"/>; the bracket keeps a positive score at its left end and a
    /// negative one at its right.
    /// </summary>
    private (double Tau2, double LogLikelihood, int Iterations) Refine(double lower, double start, double upper)
    {
        var x = start;
        var previousStep = double.PositiveInfinity;
        for (var step = 1; step <= MaximumRefinementSteps; step++)
        {
            var point = Evaluate(x);
            if (point.Score > 0)
            {
                lower = x;
            }
            else
            {
                upper = x;
            }

            var converged = Math.Abs(point.Score) <= StandardizedScoreTolerance * Math.Sqrt(point.Information)
                || upper - lower <= 1e-15 * upper;
            if (converged)
            {
                return (x, point.LogLikelihood, step);
            }

            // The Fisher step, unless it leaves the bracket or fails to halve the previous step (where
            // the expected information is far from the curvature and scoring would crawl or cycle).
            var fisher = point.Score / point.Information;
            var next = x + fisher;
            var useFisher = double.IsFinite(next) && next > lower && next < upper && Math.Abs(fisher) <= 0.5 * previousStep;
            next = useFisher ? next : 0.5 * (lower + upper);
            previousStep = Math.Abs(next - x);
            x = next;
        }

        throw new ConvergenceException(string.Create(
            CultureInfo.InvariantCulture,
            $"the {method} estimate of τ² was not found in {MaximumRefinementSteps} steps between {lower:G6} and {upper:G6}"));
    }

    private double LogLikelihoodAt(double tau2)
    {
        var fit = problem.FitAt(tau2);
        return LogLikelihoodOf(fit, tau2);
    }

    private (double LogLikelihood, double Score, double Information) Evaluate(double tau2)
    {
        var fit = problem.FitAt(tau2);
        var logLikelihood = LogLikelihoodOf(fit, tau2);
        // U = ½(y'PPy - tr P) and I = ½ tr(PP) (REML); U = ½(y'PPy - tr W) and I = ½ tr(WW) (ML).
        return restricted
            ? (logLikelihood, 0.5 * (fit.ProjectedQuadraticForm - fit.TraceP), 0.5 * fit.TraceOfProduct(fit.Ones, fit.Ones))
            : (logLikelihood, 0.5 * (fit.ProjectedQuadraticForm - fit.SumOfWeights), 0.5 * fit.SumOfSquaredWeights);
    }

    private double LogLikelihoodOf(WeightedProjection fit, double tau2)
    {
        var logDeterminantOfV = 0.0;
        foreach (var v in problem.Vi)
        {
            logDeterminantOfV += Math.Log(v + tau2);
        }

        return restricted
            ? LogLikelihood.Restricted(problem.K, problem.P, logDeterminantOfV, logDeterminantOfCrossProduct, fit.LogDeterminantOfInformation, fit.ResidualQuadraticForm)
            : LogLikelihood.Full(problem.K, logDeterminantOfV, fit.ResidualQuadraticForm);
    }
}
