using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Frequentist.LocationScale;

/// <summary>
/// The (restricted) log-likelihood of the location-scale model y_i ~ N(x_i'β, v_i + τ²_i) with
/// log τ²_i = z_i'α, as a function of α with β profiled out by weighted least squares, and its gradient.
/// </summary>
/// <remarks>
/// With w_i = 1/(v_i + τ²_i) and b the weighted least-squares fit at those weights:
/// ML: ℓ = -k/2 log 2π - ½ Σ log(v_i + τ²_i) - ½ Σ w_i r_i²;
/// REML (metafor's, with its ½ log|X'X|): ℓ_R = -(k-p)/2 log 2π + ½ log|X'X| - ½ Σ log(v_i + τ²_i) - ½ log|X'WX| - ½ Σ w_i r_i².
/// β is profiled out, so by the envelope theorem ∂ℓ/∂τ²_i = ½ (w_i² r_i² - w_i) (ML) and
/// ½ ((Py)_i² - P_ii) = ½ (w_i² r_i² - w_i + w_i² x_i'(X'WX)⁻¹x_i) (REML, P the REML projection), and
/// ∂τ²_i/∂α = τ²_i z_i.
/// </remarks>
public sealed class LocationScaleLikelihood
{
    // exp(z'α) is capped here: beyond it τ² is effectively infinite and the likelihood flat.
    private const double MaximumLogTau2 = 600;

    private readonly double[] yi;
    private readonly double[] vi;
    private readonly Matrix<double> x;
    private readonly Matrix<double> z;
    private readonly bool restricted;
    private readonly double logDeterminantOfCrossProduct;

    /// <summary>The likelihood of <paramref name="data"/> with the given designs (restricted when <paramref name="restricted"/>); the designs' rows must be k.</summary>
    public LocationScaleLikelihood(EffectData data, DesignMatrix location, DesignMatrix scale, bool restricted)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(scale);
        yi = data.Yi.ToArray();
        vi = data.Vi.ToArray();
        x = location.X;
        z = scale.X;
        this.restricted = restricted;
        logDeterminantOfCrossProduct = restricted ? x.TransposeThisAndMultiply(x).Cholesky().DeterminantLn : 0.0;
    }

    /// <summary>Number of scale coefficients q.</summary>
    public int ScaleCount => z.ColumnCount;

    /// <summary>The log-likelihood, its gradient in α, and the weighted least-squares fit at α.</summary>
    public LocationScaleEvaluation Evaluate(IReadOnlyList<double> alpha)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        var k = yi.Length;
        var p = x.ColumnCount;
        var tau2 = new double[k];
        var weights = Vector<double>.Build.Dense(k);
        var logDeterminantOfV = 0.0;
        for (var i = 0; i < k; i++)
        {
            var linear = 0.0;
            for (var c = 0; c < alpha.Count; c++)
            {
                linear += z[i, c] * alpha[c];
            }

            tau2[i] = Math.Exp(Math.Min(linear, MaximumLogTau2));
            weights[i] = 1 / (vi[i] + tau2[i]);
            logDeterminantOfV += Math.Log(vi[i] + tau2[i]);
        }

        var wx = Matrix<double>.Build.Dense(k, p, (i, c) => weights[i] * x[i, c]);
        var cholesky = x.TransposeThisAndMultiply(wx).Cholesky();
        var covariance = cholesky.Solve(Matrix<double>.Build.DenseIdentity(p));
        var beta = cholesky.Solve(wx.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(yi)));
        var residuals = Vector<double>.Build.DenseOfArray(yi) - (x * beta);
        var rss = 0.0;
        for (var i = 0; i < k; i++)
        {
            rss += weights[i] * residuals[i] * residuals[i];
        }

        var logLikelihood = restricted
            ? Frequentist.LogLikelihood.Restricted(k, p, logDeterminantOfV, logDeterminantOfCrossProduct, cholesky.DeterminantLn, rss)
            : Frequentist.LogLikelihood.Full(k, logDeterminantOfV, rss);

        var gradient = new double[alpha.Count];
        for (var i = 0; i < k; i++)
        {
            var w = weights[i];
            var perTau2 = (w * w * residuals[i] * residuals[i]) - w;
            if (restricted)
            {
                var row = x.Row(i);
                perTau2 += w * w * (row * covariance * row);
            }

            for (var c = 0; c < alpha.Count; c++)
            {
                gradient[c] += 0.5 * perTau2 * tau2[i] * z[i, c];
            }
        }

        return new LocationScaleEvaluation(logLikelihood, gradient, beta.ToArray(), 0.5 * (covariance + covariance.Transpose()), tau2);
    }
}
