using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.Tau2;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist;

/// <summary>
/// A fitted random-effects model or mixed-effects meta-regression (metafor's <c>rma.uni</c> object):
/// coefficients, τ², heterogeneity, tests, fit statistics; and predictions from them.
/// </summary>
public sealed class RandomEffectsFit
{
    private readonly Matrix<double> covariance;

    internal RandomEffectsFit(RandomEffectsFitParts parts)
    {
        Data = parts.Data;
        Design = parts.Design;
        Options = parts.Options;
        Estimator = parts.Estimator;
        Beta = parts.Inference.Beta;
        covariance = parts.Inference.Covariance;
        Coefficients = parts.Inference.Coefficients;
        DegreesOfFreedom = parts.Inference.DegreesOfFreedom;
        Tau2 = parts.Tau2.Tau2;
        Tau2StandardError = parts.Tau2.StandardError;
        Iterations = parts.Tau2.Iterations;
        ScaleFactor = parts.Inference.ScaleFactor;
        Qe = parts.Qe;
        QePValue = parts.QePValue;
        I2 = parts.I2;
        H2 = parts.H2;
        TypicalVariance = parts.TypicalVariance;
        ModeratorTest = parts.Inference.ModeratorTest;
        R2 = parts.R2;
        MaximumLikelihoodStatistics = parts.MaximumLikelihoodStatistics;
        RestrictedStatistics = parts.RestrictedStatistics;
        Leverage = parts.Leverage;
        Weights = parts.Weights;
        CriticalValue = parts.Inference.CriticalValue;
    }

    /// <summary>The data the model was fitted to.</summary>
    public EffectData Data { get; }

    /// <summary>The fixed-effects design.</summary>
    public DesignMatrix Design { get; }

    /// <summary>The options of the fit.</summary>
    public RandomEffectsOptions Options { get; }

    /// <summary>The τ² estimator used.</summary>
    public ITau2Estimator Estimator { get; }

    /// <summary>The estimator's code (REML, DL, ...).</summary>
    public string Method => Estimator.Code;

    /// <summary>Number of effects k.</summary>
    public int K => Data.K;

    /// <summary>Number of coefficients p.</summary>
    public int P => Design.Columns;

    /// <summary>The coefficients, in design order (intercept first).</summary>
    public IReadOnlyList<CoefficientEstimate> Coefficients { get; }

    /// <summary>The coefficient estimates b.</summary>
    public IReadOnlyList<double> Beta { get; }

    /// <summary>The coefficients' covariance (X'WX)⁻¹, times s² under the Knapp-Hartung test.</summary>
    public Matrix<double> Covariance => covariance.Clone();

    /// <summary>k - p for t and Knapp-Hartung tests; null for z tests.</summary>
    public int? DegreesOfFreedom { get; }

    /// <summary>The τ² estimate (0 for the equal-effects model).</summary>
    public double Tau2 { get; }

    /// <summary>metafor's standard error of the τ² estimate (NaN for the equal-effects model).</summary>
    public double Tau2StandardError { get; }

    /// <summary>Iterations of the τ² estimator (0 for closed forms).</summary>
    public int Iterations { get; }

    /// <summary>The Knapp-Hartung scale factor s² (1 for other tests).</summary>
    public double ScaleFactor { get; }

    /// <summary>Cochran's Q (residual heterogeneity QE with moderators), from the equal-effects weights 1/vᵢ.</summary>
    public double Qe { get; }

    /// <summary>k - p, the degrees of freedom of <see cref="Qe"/>.</summary>
    public int QeDegreesOfFreedom => K - P;

    /// <summary>Upper-tail chi-square p-value of <see cref="Qe"/> (1 when k = p).</summary>
    public double QePValue { get; }

    /// <summary>I² in percent: 100 τ²/(ṽ + τ²); for the equal-effects model max(0, 100 (Q - (k - p))/Q).</summary>
    public double I2 { get; }

    /// <summary>H² = τ²/ṽ + 1; for the equal-effects model Q/(k - p).</summary>
    public double H2 { get; }

    /// <summary>The typical sampling variance ṽ = (k - p)/tr(P), P built from W = diag(1/vᵢ).</summary>
    public double TypicalVariance { get; }

    /// <summary>The omnibus test of the moderators (of the intercept in an intercept-only model).</summary>
    public ModeratorTest ModeratorTest { get; }

    /// <summary>
    /// Pseudo-R² in percent, the share of τ² accounted for by the moderators, max(0, 100 (τ²₀ - τ²)/τ²₀) with
    /// τ²₀ from the intercept-only model by the same estimator (0 when τ²₀ = 0); for the equal-effects model
    /// the adjusted R² of the weighted regression. Null without an intercept or without moderators.
    /// </summary>
    public double? R2 { get; }

    /// <summary>Full-likelihood statistics at the estimate.</summary>
    public FitStatistics MaximumLikelihoodStatistics { get; }

    /// <summary>Restricted-likelihood statistics at the estimate.</summary>
    public FitStatistics RestrictedStatistics { get; }

    /// <summary>The statistics metafor's <c>logLik</c>/<c>fitstats</c> report: restricted for REML fits, full otherwise.</summary>
    public FitStatistics Statistics => Method == "REML" ? RestrictedStatistics : MaximumLikelihoodStatistics;

    /// <summary>Hat values: the diagonal of X(X'WX)⁻¹X'W, W = diag(1/(vᵢ + τ²)).</summary>
    public IReadOnlyList<double> Leverage { get; }

    /// <summary>Each effect's weight in percent, 100 wᵢ/Σw.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>The critical value of the intervals: the normal or t quantile at (1 + level)/2.</summary>
    public double CriticalValue { get; }

    /// <summary>
    /// The average effect at moderator values <paramref name="moderators"/> (one per design column after the
    /// intercept, which is added); with no values, the average effect of an intercept-only model.
    /// </summary>
    public Prediction Predict(params double[] moderators)
    {
        ArgumentNullException.ThrowIfNull(moderators);
        var offset = Design.HasIntercept ? 1 : 0;
        Guard.SameLength(moderators, "newmods", P - offset, "the model's moderator columns");
        Guard.Finite(moderators, "newmods");
        var row = new double[P];
        if (Design.HasIntercept)
        {
            row[0] = 1.0;
        }

        moderators.CopyTo(row, offset);
        return PredictRow(row);
    }

    /// <summary>The average effect at a full design row <paramref name="row"/> (intercept column included).</summary>
    public Prediction PredictRow(IReadOnlyList<double> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Guard.SameLength(row, "newmods", P, "the model's design columns");
        Guard.Finite(row, "newmods");
        var estimate = 0.0;
        var variance = 0.0;
        for (var i = 0; i < P; i++)
        {
            estimate += row[i] * Beta[i];
            for (var j = 0; j < P; j++)
            {
                variance += row[i] * covariance[i, j] * row[j];
            }
        }

        var se = Math.Sqrt(variance);
        var predictionSe = Math.Sqrt(variance + Tau2);
        return new Prediction(
            estimate,
            se,
            estimate - (CriticalValue * se),
            estimate + (CriticalValue * se),
            estimate - (CriticalValue * predictionSe),
            estimate + (CriticalValue * predictionSe));
    }

    /// <summary>The Q-profile confidence interval for τ² (and I², H²); see <see cref="QProfile"/>.</summary>
    public HeterogeneityConfidenceInterval Tau2ConfidenceInterval(double? level = null) => QProfile.Compute(this, level ?? Options.Level);
}
