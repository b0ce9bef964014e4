using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.LinearModels;
using MetaAnalysis.Core.Statistics;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.PublicationBias;

/// <summary>Begg and Mazumdar's rank correlation test for funnel-plot asymmetry.</summary>
/// <param name="KendallTau">Kendall's τ between the standardized deviates and the sampling variances.</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="IsExact">Whether the p-value is exact (no ties, as metafor's <c>ranktest</c> at any k) or from the normal approximation.</param>
public sealed record BeggRankCorrelationTest(double KendallTau, double PValue, bool IsExact)
{
    /// <summary>Runs the test on <paramref name="data"/>.</summary>
    /// <remarks>
    /// The deviates are (yi - b) / √(vi - v_b), with b the equal-effects estimate and v_b its variance,
    /// so that each deviate has unit variance under the equal-effects model (Begg and Mazumdar 1994,
    /// as metafor's <c>ranktest</c>).
    /// </remarks>
    public static BeggRankCorrelationTest Run(EffectData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.AtLeast(data.K, 3, "yi", "the rank correlation test");
        var y = Vector<double>.Build.DenseOfEnumerable(data.Yi);
        var weights = Vector<double>.Build.Dense(data.K, i => 1 / data.Vi[i]);
        var fit = GeneralizedLeastSquares.FitDiagonal(y, DesignMatrix.InterceptOnly(data.K).X, weights);
        var b = fit.Beta[0];
        var vb = fit.Covariance[0, 0];
        var deviates = Enumerable.Range(0, data.K).Select(i => (data.Yi[i] - b) / Math.Sqrt(data.Vi[i] - vb)).ToArray();
        var kendall = KendallRankCorrelation.Compute(deviates, data.Vi);
        return new BeggRankCorrelationTest(kendall.Tau, kendall.PValue, kendall.IsExact);
    }
}
