using System.Globalization;
using MetaAnalysis.Core.Optimization;
using MetaAnalysis.Core.Statistics;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.Glmm;

/// <summary>
/// The binomial-normal random-effects model of 2x2 tables with fixed study effects, metafor's
/// unconditional model UM.FS with coding ½: for study i, aᵢ ~ Bin(aᵢ + bᵢ, expit(αᵢ + β + uᵢ/2)),
/// cᵢ ~ Bin(cᵢ + dᵢ, expit(αᵢ - uᵢ/2)), uᵢ ~ N(0, τ²), fitted by exact maximum likelihood.
/// </summary>
/// <remarks>
/// <para>
/// Each study's likelihood is integrated over uᵢ by adaptive Gauss-Hermite quadrature with 50 nodes
/// (<see cref="BinomialNormalStudy"/>), exact to rounding where metafor (through lme4's glmer) uses 7.
/// The intercepts αᵢ enter one study each, so they are profiled out study by study (each a concave
/// one-dimensional maximization), and the profile log-likelihood is maximized over (β, log τ²).
/// </para>
/// <para>
/// The standard error of β is from the inverse observed information of all parameters, which for β
/// equals the inverse of the profile likelihood's Hessian, taken numerically from its analytic gradient
/// (∂/∂β = Σ E[aᵢ - n₁ᵢ p₁ᵢ], ∂/∂τ² = Σ E[uᵢ²/2τ⁴ - 1/2τ²], posterior expectations at the profiled αᵢ).
/// At the maximum the β element of that inverse does not depend on whether τ² or log τ² is the parameter.
/// </para>
/// <para>
/// Studies without events in both groups, or with only events in both, carry no information on β or τ²:
/// their αᵢ runs to ∓∞ and their likelihood to 1, so they are left out (metafor drops them too) without
/// changing the estimates or the log-likelihood.
/// </para>
/// </remarks>
public static class OddsRatioGlmm
{
    private const int QuadratureNodes = 50;

    /// <summary>
    /// Fits the model to the tables (<paramref name="ai"/>, <paramref name="bi"/>: events and non-events of
    /// group 1; <paramref name="ci"/>, <paramref name="di"/>: of group 2) at confidence <paramref name="level"/>.
    /// </summary>
    /// <remarks>
    /// Throws <see cref="InvalidInputException"/> naming the field when the columns differ in length, a
    /// count is negative, not a whole number or not finite, a group is empty, fewer than 2 studies inform
    /// the fit, or the level is not in (0, 1). A likelihood without an interior maximum (τ² at 0, where
    /// log τ² runs off) is returned with <see cref="OddsRatioGlmmFit.Converged"/> false.
    /// </remarks>
    public static OddsRatioGlmmFit Fit(IReadOnlyList<double> ai, IReadOnlyList<double> bi, IReadOnlyList<double> ci, IReadOnlyList<double> di, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(ai);
        ArgumentNullException.ThrowIfNull(bi);
        ArgumentNullException.ThrowIfNull(ci);
        ArgumentNullException.ThrowIfNull(di);
        Guard.Level(level, "level");
        var included = Validate(ai, bi, ci, di);
        var studies = included.Select(i => new BinomialNormalStudy(ai[i], bi[i], ci[i], di[i])).ToArray();
        var rule = GaussHermiteRule.Create(QuadratureNodes);
        var intercepts = studies.Select(s => s.StartingIntercept).ToArray();

        // The profile log-likelihood over θ = (β, log τ²); each evaluation re-profiles the intercepts,
        // starting from the last ones (they move little between nearby θ).
        (double Value, double[] Gradient) Profile(double[] theta)
        {
            var (beta, tau2) = (theta[0], Math.Exp(theta[1]));
            double value = 0, betaScore = 0, tau2Score = 0;
            for (var s = 0; s < studies.Length; s++)
            {
                var (alpha, marginal) = studies[s].Profile(beta, tau2, intercepts[s], rule);
                intercepts[s] = alpha;
                value += marginal.LogLikelihood;
                betaScore += marginal.Beta;
                tau2Score += marginal.Tau2;
            }

            return (value, [betaScore, tau2 * tau2Score]);
        }

        var (theta, converged) = PolishedMaximizer.Maximize(Profile, Start(ai, bi, ci, di, included));
        var atMaximum = Profile(theta);
        var covariance = PolishedMaximizer.NegativeHessian(Profile, theta).Inverse();

        // The Hessian's evaluations left the intercepts profiled at neighbouring θ; put them back at θ.
        Profile(theta);
        var coefficient = WaldInference.Coefficients(["intrcpt"], [theta[0]], covariance, level, null)[0];
        return new OddsRatioGlmmFit(coefficient, Math.Exp(theta[1]), atMaximum.Value, intercepts.ToArray(), included, converged);
    }

    /// <summary>
    /// β from the inverse-variance pooled log odds ratios (½ added to every cell) and τ² from their
    /// spread beyond the sampling variances, floored at 0.01 so that log τ² starts finite.
    /// </summary>
    private static double[] Start(IReadOnlyList<double> ai, IReadOnlyList<double> bi, IReadOnlyList<double> ci, IReadOnlyList<double> di, IReadOnlyList<int> included)
    {
        var logOdds = included.Select(i => Math.Log((ai[i] + 0.5) * (di[i] + 0.5) / ((bi[i] + 0.5) * (ci[i] + 0.5)))).ToArray();
        var variances = included.Select(i => (1 / (ai[i] + 0.5)) + (1 / (bi[i] + 0.5)) + (1 / (ci[i] + 0.5)) + (1 / (di[i] + 0.5))).ToArray();
        var weights = variances.Select(v => 1 / v).ToArray();
        var pooled = logOdds.Zip(weights, (y, w) => y * w).Sum() / weights.Sum();
        var spread = logOdds.Select(y => (y - pooled) * (y - pooled)).Sum() / Math.Max(1, logOdds.Length - 1);
        return [pooled, Math.Log(Math.Max(spread - variances.Average(), 0.01))];
    }

    private static int[] Validate(IReadOnlyList<double> ai, IReadOnlyList<double> bi, IReadOnlyList<double> ci, IReadOnlyList<double> di)
    {
        var k = ai.Count;
        Guard.SameLength(bi, "bi", k, "ai");
        Guard.SameLength(ci, "ci", k, "ai");
        Guard.SameLength(di, "di", k, "ai");
        var columns = new[] { ("ai", ai), ("bi", bi), ("ci", ci), ("di", di) };
        foreach (var (field, values) in columns)
        {
            for (var i = 0; i < k; i++)
            {
                if (!(double.IsFinite(values[i]) && values[i] >= 0 && Math.Floor(values[i]) == values[i]))
                {
                    throw new InvalidInputException(Guard.Element(field, i), $"must be a count (a whole number of at least 0), got {values[i].ToString("R", CultureInfo.InvariantCulture)}");
                }
            }
        }

        for (var i = 0; i < k; i++)
        {
            if (ai[i] + bi[i] == 0 || ci[i] + di[i] == 0)
            {
                throw new InvalidInputException(Guard.Element(ai[i] + bi[i] == 0 ? "ai" : "ci", i), "belongs to an empty group (no participants)");
            }
        }

        var included = Enumerable.Range(0, k)
            .Where(i => !(ai[i] == 0 && ci[i] == 0) && !(bi[i] == 0 && di[i] == 0))
            .ToArray();
        if (included.Length < 2)
        {
            throw new InvalidInputException("ai", $"needs at least 2 studies with events and non-events, got {included.Length}");
        }

        return included;
    }
}
