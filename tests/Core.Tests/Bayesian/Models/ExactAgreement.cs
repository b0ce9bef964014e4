using MetaAnalysis.Core.Bayesian.Diagnostics;

namespace MetaAnalysis.Core.Tests.Bayesian.Models;

/// <summary>Checks NUTS summaries against exact posterior figures within the sampler's own Monte Carlo error.</summary>
internal static class ExactAgreement
{
    /// <summary>
    /// Each of mean, sd, median and the 2.5%/97.5% quantiles within 4 of our MCSEs (the reference is exact),
    /// plus <paramref name="absolute"/> for the small bias of quantile estimates from finite draws.
    /// </summary>
    public static void AssertWithinMonteCarloError(ParameterSummary s, (double Mean, double Sd, double Median, double Q025, double Q975) exact, double absolute = 0)
    {
        Check(s.Name + ".mean", exact.Mean, s.Mean, s.McseMean, absolute);
        Check(s.Name + ".sd", exact.Sd, s.Sd, s.McseSd, absolute);
        Check(s.Name + ".median", exact.Median, s.Median, s.McseMedian, absolute);
        Check(s.Name + ".q025", exact.Q025, s.Q025, s.McseQ025, absolute);
        Check(s.Name + ".q975", exact.Q975, s.Q975, s.McseQ975, absolute);
    }

    private static void Check(string figure, double expected, double actual, double mcse, double absolute) =>
        Assert.True(Math.Abs(actual - expected) <= absolute + (4 * mcse), $"{figure}: exact {expected}, NUTS {actual} ± {mcse}");
}
