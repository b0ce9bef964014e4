using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// A fitted three-level model (effects nested in clusters), with the figures metafor's
/// <c>rma.mv(yi, vi, random = ~ 1 | cluster/effect)</c> reports.
/// </summary>
public sealed class ThreeLevelFit
{
    internal ThreeLevelFit(
        ThreeLevelLikelihood likelihood,
        EffectData data,
        EffectClusters clusters,
        DesignMatrix design,
        ThreeLevelOptions options,
        (double Between, double Within) sigma2,
        (int Iterations, bool Converged) convergence,
        CoefficientTable coefficients,
        OmnibusTest residualHeterogeneity,
        OmnibusTest moderators,
        FitStatistics fitStatistics)
    {
        Likelihood = likelihood;
        Data = data;
        Clusters = clusters;
        Design = design;
        Options = options;
        Sigma2Between = sigma2.Between;
        Sigma2Within = sigma2.Within;
        Iterations = convergence.Iterations;
        Converged = convergence.Converged;
        Coefficients = coefficients;
        ResidualHeterogeneity = residualHeterogeneity;
        Moderators = moderators;
        FitStatistics = fitStatistics;
    }

    /// <summary>The data the model was fitted to.</summary>
    public EffectData Data { get; }

    /// <summary>The clusters the effects are nested in.</summary>
    public EffectClusters Clusters { get; }

    /// <summary>The fixed-effects design.</summary>
    public DesignMatrix Design { get; }

    /// <summary>The options of the fit.</summary>
    public ThreeLevelOptions Options { get; }

    /// <summary>The model's likelihood, for profiling or evaluating it at other variance components.</summary>
    public ThreeLevelLikelihood Likelihood { get; }

    /// <summary>Number of effects k.</summary>
    public int K => Data.K;

    /// <summary>Number of coefficients p.</summary>
    public int P => Design.Columns;

    /// <summary>Estimated (or fixed) variance between clusters, metafor's sigma2[1].</summary>
    public double Sigma2Between { get; }

    /// <summary>Estimated (or fixed) variance of effects within clusters, metafor's sigma2[2].</summary>
    public double Sigma2Within { get; }

    /// <summary>
    /// The coefficients with (X'V⁻¹X)⁻¹ as covariance (scaled by r'V⁻¹r / (k - p) under Knapp-Hartung)
    /// and z tests, or t tests on k - p degrees of freedom.
    /// </summary>
    public CoefficientTable Coefficients { get; }

    /// <summary>QE, the test for residual heterogeneity with W = diag(1/vi) as metafor computes it, on k - p degrees of freedom.</summary>
    public OmnibusTest ResidualHeterogeneity { get; }

    /// <summary>
    /// QM, the omnibus test of every coefficient but the intercept (of the intercept when it is the only
    /// one): chi-square under z tests, F = Wald / m on (m, k - p) under t tests.
    /// </summary>
    public OmnibusTest Moderators { get; }

    /// <summary>Log-likelihood (restricted for REML, exactly as metafor's logLik reports it), deviance, AIC, BIC, AICc.</summary>
    public FitStatistics FitStatistics { get; }

    /// <summary>Newton iterations used to estimate the variance components.</summary>
    public int Iterations { get; }

    /// <summary>Whether the variance components converged.</summary>
    public bool Converged { get; }

    /// <summary>The fitted values X b.</summary>
    public IReadOnlyList<double> FittedValues() =>
        (Design.X * Vector<double>.Build.DenseOfEnumerable(Coefficients.Estimates)).ToArray();

    /// <summary>The marginal covariance V = diag(vi) + σ²_between·(same cluster) + σ²_within·I (k x k).</summary>
    public Matrix<double> MarginalCovariance() =>
        Matrix<double>.Build.Dense(K, K, (i, j) =>
            (Clusters.ClusterOf(i) == Clusters.ClusterOf(j) ? Sigma2Between : 0)
            + (i == j ? Data.Vi[i] + Sigma2Within : 0));

    /// <summary>
    /// The predicted random effects (BLUPs) with prediction standard errors: one per cluster (in
    /// <see cref="EffectClusters.Labels"/> order) and one per effect within its cluster (in data order).
    /// </summary>
    public (IReadOnlyList<RandomEffectPrediction> Clusters, IReadOnlyList<RandomEffectPrediction> WithinClusters) RandomEffects()
    {
        var (cluster, clusterSe, within, withinSe) = Likelihood.RandomEffects(Sigma2Between, Sigma2Within);
        var clusters = Clusters.Labels.Select((label, j) => new RandomEffectPrediction(label, cluster[j], clusterSe[j])).ToArray();
        var effects = Data.Labels.Select((label, i) => new RandomEffectPrediction(label, within[i], withinSe[i])).ToArray();
        return (clusters, effects);
    }
}
