using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Frequentist.MultiLevel;

/// <summary>
/// A fitted three-level model (effects nested in clusters), with the figures metafor's
/// <c>rma.mv(yi, vi, random = ~ 1 | cluster/effect)</c> reports.
/// </summary>
public sealed class ThreeLevelFit
{
    private readonly Matrix<double> covariance;

    internal ThreeLevelFit(
        ThreeLevelLikelihood likelihood,
        EffectData data,
        EffectClusters clusters,
        SamplingCovariance samplingCovariance,
        DesignMatrix design,
        ThreeLevelOptions options,
        (double Between, double Within) sigma2,
        (int Iterations, bool Converged) convergence,
        CoefficientInference inference,
        (double Qe, double PValue) residualHeterogeneity,
        FitStatistics statistics)
    {
        Likelihood = likelihood;
        Data = data;
        Clusters = clusters;
        SamplingCovariance = samplingCovariance;
        Design = design;
        Options = options;
        Sigma2Between = sigma2.Between;
        Sigma2Within = sigma2.Within;
        Iterations = convergence.Iterations;
        Converged = convergence.Converged;
        Beta = inference.Beta;
        covariance = inference.Covariance;
        Coefficients = inference.Coefficients;
        DegreesOfFreedom = inference.DegreesOfFreedom;
        ScaleFactor = inference.ScaleFactor;
        ModeratorTest = inference.ModeratorTest;
        Qe = residualHeterogeneity.Qe;
        QePValue = residualHeterogeneity.PValue;
        Statistics = statistics;
    }

    /// <summary>The data the model was fitted to.</summary>
    public EffectData Data { get; }

    /// <summary>The clusters the effects are nested in.</summary>
    public EffectClusters Clusters { get; }

    /// <summary>The covariance of the sampling errors (diag(vi) unless the fit was given correlated errors).</summary>
    public SamplingCovariance SamplingCovariance { get; }

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

    /// <summary>The coefficients, in design order (intercept first): z tests, or t tests on k - p degrees of freedom.</summary>
    public IReadOnlyList<CoefficientEstimate> Coefficients { get; }

    /// <summary>The coefficient estimates b.</summary>
    public IReadOnlyList<double> Beta { get; }

    /// <summary>The coefficients' covariance (X'V⁻¹X)⁻¹, times r'V⁻¹r / (k - p) under the Knapp-Hartung test.</summary>
    public Matrix<double> Covariance => covariance.Clone();

    /// <summary>k - p for t and Knapp-Hartung tests; null for z tests.</summary>
    public int? DegreesOfFreedom { get; }

    /// <summary>The Knapp-Hartung scale factor r'V⁻¹r / (k - p) (1 for other tests).</summary>
    public double ScaleFactor { get; }

    /// <summary>QE, the test statistic for residual heterogeneity with W = diag(1/vᵢ), as metafor computes it.</summary>
    public double Qe { get; }

    /// <summary>k - p, the degrees of freedom of <see cref="Qe"/>.</summary>
    public int QeDegreesOfFreedom => K - P;

    /// <summary>Upper-tail chi-square p-value of <see cref="Qe"/>.</summary>
    public double QePValue { get; }

    /// <summary>
    /// QM, the omnibus test of every coefficient but the intercept (of the intercept when it is the only
    /// one): chi-square under z tests, F = Wald / m on (m, k - p) under t tests.
    /// </summary>
    public ModeratorTest ModeratorTest { get; }

    /// <summary>Log-likelihood (restricted for REML, exactly as metafor's logLik reports it), deviance, AIC, BIC, AICc.</summary>
    public FitStatistics Statistics { get; }

    /// <summary>Newton iterations used to estimate the variance components.</summary>
    public int Iterations { get; }

    /// <summary>Whether the variance components converged.</summary>
    public bool Converged { get; }

    /// <summary>The fitted values X b.</summary>
    public IReadOnlyList<double> FittedValues() =>
        (Design.X * Vector<double>.Build.DenseOfEnumerable(Beta)).ToArray();

    /// <summary>The marginal covariance S + σ²_between·(same cluster) + σ²_within·I (k x k), S the sampling covariance.</summary>
    public Matrix<double> MarginalCovariance()
    {
        var marginal = SamplingCovariance.ToMatrix();
        for (var i = 0; i < K; i++)
        {
            marginal[i, i] += Sigma2Within;
            foreach (var j in Clusters.Members[Clusters.ClusterOf(i)])
            {
                marginal[i, j] += Sigma2Between;
            }
        }

        return marginal;
    }

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
