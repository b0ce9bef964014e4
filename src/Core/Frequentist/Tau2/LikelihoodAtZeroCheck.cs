namespace MetaAnalysis.Core.Frequentist.Tau2;

/// <summary>
/// metafor's guard against Fisher scoring stopping at a local maximum: when the (restricted) log-likelihood
/// at τ² = 0 exceeds the one at the estimate by more than 1.22e-4 (its uniroot tolerance, ε^¼) and the
/// estimate is above 1e-5 (its convergence threshold), the estimate is replaced by 0.
/// </summary>
internal static class LikelihoodAtZeroCheck
{
    private const double LikelihoodTolerance = 1.220703125e-4;

    private const double Threshold = 1e-5;

    public static double Apply(MetaRegressionProblem problem, double tau2, bool restricted)
    {
        if (tau2 <= Threshold)
        {
            return tau2;
        }

        var atZero = LogLikelihood.Compute(problem, 0.0, restricted);
        var atEstimate = LogLikelihood.Compute(problem, tau2, restricted);
        return atZero - atEstimate > LikelihoodTolerance ? 0.0 : tau2;
    }
}
