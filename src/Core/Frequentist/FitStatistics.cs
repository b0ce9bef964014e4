namespace MetaAnalysis.Core.Frequentist;

/// <summary>Log-likelihood and information criteria of a likelihood-based fit, as metafor's <c>fitstats</c> reports them.</summary>
/// <param name="LogLikelihood">ℓ, full (ML) or restricted (REML), with all constants.</param>
/// <param name="Deviance">ML: -2(ℓ - ℓ_saturated) with ℓ_saturated = Σ log φ(0; vᵢ) (0 when k = p); REML: -2ℓ_R.</param>
/// <param name="Aic">-2ℓ + 2q, q = <paramref name="ParameterCount"/>.</param>
/// <param name="Bic">-2ℓ + q log n, n = k (ML) or k - p (REML).</param>
/// <param name="Aicc">-2ℓ + 2q max(n, q + 2)/(max(n, q + 2) - q - 1).</param>
/// <param name="ParameterCount">q: the coefficients plus the estimated (not fixed) variance components.</param>
public sealed record FitStatistics(double LogLikelihood, double Deviance, double Aic, double Bic, double Aicc, int ParameterCount)
{
    /// <summary>
    /// The statistics of a fit with (restricted when <paramref name="restricted"/>) log-likelihood
    /// <paramref name="logLikelihood"/>, sampling variances <paramref name="vi"/>, p =
    /// <paramref name="coefficientCount"/> coefficients and q = <paramref name="parameterCount"/> parameters.
    /// </summary>
    internal static FitStatistics Create(double logLikelihood, bool restricted, IReadOnlyList<double> vi, int coefficientCount, int parameterCount)
    {
        var k = vi.Count;
        var n = restricted ? k - coefficientCount : k;
        var deviance = -2.0 * logLikelihood;
        if (!restricted)
        {
            // The saturated model's log-likelihood is Σ log φ(0; vᵢ) = -½ Σ log(2π vᵢ).
            var sumLogSaturated = 0.0;
            foreach (var v in vi)
            {
                sumLogSaturated += Math.Log(2.0 * Math.PI * v);
            }

            deviance = k > coefficientCount ? deviance - sumLogSaturated : 0.0;
        }

        var corrected = Math.Max(n, parameterCount + 2);
        return new FitStatistics(
            logLikelihood,
            deviance,
            (-2.0 * logLikelihood) + (2.0 * parameterCount),
            (-2.0 * logLikelihood) + (parameterCount * Math.Log(n)),
            (-2.0 * logLikelihood) + (2.0 * parameterCount * corrected / (corrected - parameterCount - 1.0)),
            parameterCount);
    }
}
