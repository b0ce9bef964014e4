using MathNet.Numerics;
using MetaAnalysis.Core.Statistics;

namespace MetaAnalysis.Core.Frequentist.Glmm;

/// <summary>
/// One 2x2 table in metafor's unconditional model with fixed study effects (UM.FS, coding ½):
/// a ~ Bin(a + b, expit(α + β + u/2)), c ~ Bin(c + d, expit(α - u/2)), u ~ N(0, τ²), and its marginal
/// likelihood L = C ∫ P(a, c | u) φ(u; 0, τ²) du, C = choose(n₁, a) choose(n₂, c).
/// </summary>
/// <remarks>
/// The integral is taken by adaptive Gauss-Hermite quadrature: the integrand's log g(u) is concave, so
/// its mode û is found by Newton's method and its curvature gives the scale σ̂ = (-g''(û))^(-1/2); the
/// rule's nodes are then placed at û + √2 σ̂ x_j, where the integrand is close to a Gaussian and a
/// 50-point rule is exact to rounding. Derivatives are expectations over the same nodes under the
/// posterior of u: ∂ log L/∂θ = E[∂g/∂θ] and ∂² log L/∂α² = E[∂²g/∂α²] + Var[∂g/∂α].
/// </remarks>
internal sealed class BinomialNormalStudy
{
    private readonly double a;
    private readonly double n1;
    private readonly double c;
    private readonly double n2;
    private readonly double logChoose;

    public BinomialNormalStudy(double a, double b, double c, double d)
    {
        this.a = a;
        n1 = a + b;
        this.c = c;
        n2 = c + d;
        logChoose = SpecialFunctions.GammaLn(n1 + 1) - SpecialFunctions.GammaLn(a + 1) - SpecialFunctions.GammaLn(b + 1)
            + SpecialFunctions.GammaLn(n2 + 1) - SpecialFunctions.GammaLn(c + 1) - SpecialFunctions.GammaLn(d + 1);
        StartingIntercept = Math.Log((c + 0.5) / (d + 0.5));
    }

    /// <summary>The control group's empirical log odds (with ½ added to each cell), where the intercept search starts.</summary>
    public double StartingIntercept { get; }

    /// <summary>The marginal log-likelihood and its derivatives at (α, β, τ²), τ² &gt; 0.</summary>
    public StudyMarginal Evaluate(double alpha, double beta, double tau2, GaussHermiteRule rule)
    {
        var (mode, curvature) = Mode(alpha, beta, tau2);
        var scale = Math.Sqrt(2.0 / curvature);
        var nodes = rule.Nodes;
        var terms = new double[nodes.Count];
        var largest = double.NegativeInfinity;
        for (var j = 0; j < nodes.Count; j++)
        {
            terms[j] = Math.Log(rule.ScaledWeights[j]) + LogIntegrand(mode + (scale * nodes[j]), alpha, beta, tau2);
            largest = Math.Max(largest, terms[j]);
        }

        double total = 0, alphaScore = 0, alphaScoreSquared = 0, alphaCurvature = 0, betaScore = 0, squaredU = 0;
        for (var j = 0; j < nodes.Count; j++)
        {
            var weight = Math.Exp(terms[j] - largest);
            var u = mode + (scale * nodes[j]);
            var p1 = Logistic(alpha + beta + (0.5 * u));
            var p2 = Logistic(alpha - (0.5 * u));
            var treatmentScore = a - (n1 * p1);
            var score = treatmentScore + (c - (n2 * p2));
            total += weight;
            alphaScore += weight * score;
            alphaScoreSquared += weight * score * score;
            alphaCurvature -= weight * ((n1 * p1 * (1 - p1)) + (n2 * p2 * (1 - p2)));
            betaScore += weight * treatmentScore;
            squaredU += weight * u * u;
        }

        var (meanScore, meanSquaredU) = (alphaScore / total, squaredU / total);
        var logIntegral = Math.Log(scale) + largest + Math.Log(total);
        return new StudyMarginal(
            logChoose - (0.5 * Math.Log(2 * Math.PI * tau2)) + logIntegral,
            meanScore,
            (alphaCurvature / total) + (alphaScoreSquared / total) - (meanScore * meanScore),
            betaScore / total,
            (meanSquaredU / (2 * tau2 * tau2)) - (1 / (2 * tau2)));
    }

    /// <summary>
    /// The intercept α maximizing the study's marginal likelihood at (β, τ²), by Newton's method from
    /// <paramref name="start"/> (log L is concave in α, by Prékopa's theorem), and the study's figures there.
    /// </summary>
    /// <remarks>
    /// Iteration stops on the standardized score |∂/∂α| / √(-∂²/∂α²) &lt; 1e-12, not on likelihood values:
    /// with tens of thousands of participants log L is a difference of terms in the thousands, whose
    /// rounding hides the last digits of α, while the β score the profile gradient is built from moves
    /// by n p (1 - p) times any error left in α. Steps longer than one unit are halved until the
    /// likelihood rises; shorter ones are Newton steps on a concave function and are taken whole.
    /// </remarks>
    public (double Alpha, StudyMarginal Marginal) Profile(double beta, double tau2, double start, GaussHermiteRule rule)
    {
        var alpha = start;
        var current = Evaluate(alpha, beta, tau2, rule);
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var concave = current.AlphaAlpha < 0;
            if (concave && Math.Abs(current.Alpha) < 1e-12 * Math.Sqrt(-current.AlphaAlpha))
            {
                break;
            }

            var step = concave ? -current.Alpha / current.AlphaAlpha : Math.Sign(current.Alpha);
            if (Math.Abs(step) <= 1)
            {
                (alpha, current) = (alpha + step, Evaluate(alpha + step, beta, tau2, rule));
                continue;
            }

            for (var t = 1.0; ; t /= 2)
            {
                var next = Evaluate(alpha + (t * step), beta, tau2, rule);
                if (next.LogLikelihood >= current.LogLikelihood || t * Math.Abs(step) <= 1)
                {
                    (alpha, current) = (alpha + (t * step), next);
                    break;
                }
            }
        }

        return (alpha, current);
    }

    /// <summary>The log of the integrand, log P(a, c | u) + log of the N(0, τ²) kernel e^(-u²/2τ²) (constants aside).</summary>
    private double LogIntegrand(double u, double alpha, double beta, double tau2)
    {
        var treatment = alpha + beta + (0.5 * u);
        var control = alpha - (0.5 * u);
        return (a * treatment) - (n1 * Softplus(treatment)) + (c * control) - (n2 * Softplus(control)) - (u * u / (2 * tau2));
    }

    /// <summary>
    /// The mode û of the integrand and -g''(û), by Newton's method on the concave g: steps longer than
    /// the prior's standard deviation are halved until g rises, shorter ones taken whole, until the
    /// standardized slope is below 1e-12 (as in <see cref="Profile"/>, rounding of g is no guide there).
    /// </summary>
    private (double Mode, double Curvature) Mode(double alpha, double beta, double tau2)
    {
        var u = 0.0;
        var limit = Math.Sqrt(tau2);
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var (slope, curvature) = Slope(u, alpha, beta, tau2);
            if (Math.Abs(slope) < 1e-12 * Math.Sqrt(curvature))
            {
                return (u, curvature);
            }

            var step = slope / curvature;
            if (Math.Abs(step) > limit)
            {
                var value = LogIntegrand(u, alpha, beta, tau2);
                while (Math.Abs(step) > limit && LogIntegrand(u + step, alpha, beta, tau2) < value)
                {
                    step /= 2;
                }
            }

            u += step;
        }

        return (u, Slope(u, alpha, beta, tau2).Curvature);
    }

    /// <summary>g'(u) and -g''(u).</summary>
    private (double Slope, double Curvature) Slope(double u, double alpha, double beta, double tau2)
    {
        var p1 = Logistic(alpha + beta + (0.5 * u));
        var p2 = Logistic(alpha - (0.5 * u));
        var slope = (0.5 * (a - (n1 * p1))) - (0.5 * (c - (n2 * p2))) - (u / tau2);
        var curvature = (0.25 * n1 * p1 * (1 - p1)) + (0.25 * n2 * p2 * (1 - p2)) + (1 / tau2);
        return (slope, curvature);
    }

    private static double Logistic(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>log(1 + e^x) without overflow.</summary>
    private static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));
}
