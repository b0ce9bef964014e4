using System.Globalization;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// A Gaussian-likelihood meta-analysis model for the exact engine: effects y_i ~ N(x_i'β + u_c(i) + w_i, v_i)
/// with cluster effects u ~ N(0, σ_between²) and effect-level deviations w ~ N(0, σ_within²), normal (or
/// flat) priors on β, and each standard deviation either given a prior or fixed. Random effects and
/// meta-regression have no clusters and one component τ (= σ_within); the three-level model has both.
/// </summary>
/// <remarks>
/// Subgroup analyses are meta-regressions on a categorical moderator; dose-response curves are
/// meta-regressions on a <see cref="DoseResponseBasis"/> of the dose, three-level when several doses come
/// from one study. The three-level model may have correlated sampling errors, e ~ N(0, V) with V
/// block-diagonal by cluster (<see cref="Frequentist.MultiLevel.SamplingCovariance"/>): β stays conjugate
/// given (σ_between, σ_within), so the posterior is still a two-dimensional integral. Every argument is
/// validated when the model is created.
/// </remarks>
public sealed class ExactModel
{
    private readonly double[] design;
    private readonly string[] columnNames;
    private readonly NormalPrior?[] coefficientPriors;
    private readonly int[] clusterOfRow;
    private readonly string[] clusterLabels;
    private readonly SamplingCovariance? samplingCovariance;

    private ExactModel(
        EffectData data,
        double[] design,
        string[] columnNames,
        NormalPrior?[] coefficientPriors,
        VarianceComponent between,
        VarianceComponent within,
        int[] clusterOfRow,
        string[] clusterLabels,
        SamplingCovariance? samplingCovariance = null)
    {
        Data = data;
        this.samplingCovariance = samplingCovariance;
        this.design = design;
        this.columnNames = columnNames;
        this.coefficientPriors = coefficientPriors;
        Between = between;
        Within = within;
        this.clusterOfRow = clusterOfRow;
        this.clusterLabels = clusterLabels;
    }

    /// <summary>The effects and their sampling variances.</summary>
    public EffectData Data { get; }

    /// <summary>Names of the coefficients (intercept "intrcpt" first when there is one).</summary>
    public IReadOnlyList<string> CoefficientNames => columnNames;

    /// <summary>The prior of each coefficient; null is a flat (improper) prior.</summary>
    public IReadOnlyList<NormalPrior?> CoefficientPriors => coefficientPriors;

    /// <summary>The between-cluster standard deviation (fixed at 0 in two-level models).</summary>
    public VarianceComponent Between { get; }

    /// <summary>The within-cluster standard deviation, τ in two-level models.</summary>
    public VarianceComponent Within { get; }

    /// <summary>Whether effects are nested in clusters (a three-level model).</summary>
    public bool IsThreeLevel => clusterLabels.Length > 0;

    /// <summary>The cluster labels in order of first appearance (empty for two-level models).</summary>
    public IReadOnlyList<string> ClusterLabels => clusterLabels;

    /// <summary>The covariance of the sampling errors when they are correlated within clusters; null for V = diag(vi).</summary>
    public SamplingCovariance? SamplingCovariance => samplingCovariance;

    /// <summary>Whether every coefficient has a proper prior, so that marginal likelihoods exist.</summary>
    public bool HasProperPriors => coefficientPriors.All(p => p is not null);

    /// <summary>Number of coefficients.</summary>
    public int CoefficientCount => columnNames.Length;

    /// <summary>
    /// Random effects or meta-regression: y_i ~ N(x_i'β, v_i + τ²), τ ~ <paramref name="tauPrior"/>.
    /// </summary>
    /// <param name="data">Effects and sampling variances.</param>
    /// <param name="design">The design (<see cref="DesignMatrix.InterceptOnly"/> for random effects).</param>
    /// <param name="coefficientPriors">One prior per column of the design; null for a flat prior.</param>
    /// <param name="tauPrior">The prior on τ.</param>
    public static ExactModel RandomEffects(EffectData data, DesignMatrix design, IReadOnlyList<NormalPrior?> coefficientPriors, ScalePrior tauPrior) =>
        TwoLevel(data, design, coefficientPriors, VarianceComponent.WithPrior("tau", tauPrior));

    /// <summary>y_i ~ N(x_i'β, v_i + τ²) with τ known (τ = 0: the common-effect model).</summary>
    public static ExactModel KnownHeterogeneity(EffectData data, DesignMatrix design, IReadOnlyList<NormalPrior?> coefficientPriors, double tau) =>
        TwoLevel(data, design, coefficientPriors, VarianceComponent.Fixed("tau", tau));

    /// <summary>
    /// The three-level model: effects nested in <paramref name="clusters"/>, with σ_between ~
    /// <paramref name="betweenPrior"/> and σ_within ~ <paramref name="withinPrior"/>.
    /// </summary>
    public static ExactModel ThreeLevel(
        EffectData data,
        IReadOnlyList<string> clusters,
        DesignMatrix design,
        IReadOnlyList<NormalPrior?> coefficientPriors,
        ScalePrior betweenPrior,
        ScalePrior withinPrior)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(design);
        Guard.SameLength(clusters, "cluster", data.K, "yi");
        for (var i = 0; i < clusters.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(clusters[i]))
            {
                throw new InvalidInputException(Guard.Element("cluster", i), "is empty; every effect needs a cluster");
            }
        }

        var labels = clusters.Distinct(StringComparer.Ordinal).ToArray();
        var index = labels.Select((label, c) => (label, c)).ToDictionary(e => e.label, e => e.c, StringComparer.Ordinal);
        var (x, names, priors) = Validate(data, design, coefficientPriors);
        return new ExactModel(
            data,
            x,
            names,
            priors,
            VarianceComponent.WithPrior("sigma_between", betweenPrior),
            VarianceComponent.WithPrior("sigma_within", withinPrior),
            clusters.Select(c => index[c]).ToArray(),
            labels);
    }

    /// <summary>
    /// The three-level model on correlated sampling errors: effects nested in the clusters of
    /// <paramref name="samplingCovariance"/>, e ~ N(0, V), σ_between ~ <paramref name="betweenPrior"/> and
    /// σ_within ~ <paramref name="withinPrior"/>.
    /// </summary>
    /// <remarks>Throws <see cref="InvalidInputException"/> naming <c>V</c> when V's diagonal is not the data's vi.</remarks>
    public static ExactModel ThreeLevel(
        EffectData data,
        SamplingCovariance samplingCovariance,
        DesignMatrix design,
        IReadOnlyList<NormalPrior?> coefficientPriors,
        ScalePrior betweenPrior,
        ScalePrior withinPrior)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(samplingCovariance);
        var clusters = samplingCovariance.Clusters;
        Guard.SameLength(samplingCovariance.Variances, "V", data.K, "yi");
        for (var i = 0; i < data.K; i++)
        {
            if (samplingCovariance.Variances[i] != data.Vi[i])
            {
                throw new InvalidInputException(Guard.Element("V", i), "the diagonal of V must be the sampling variances vi");
            }
        }

        var labels = Enumerable.Range(0, data.K).Select(i => clusters.Labels[clusters.ClusterOf(i)]).ToArray();
        var model = ThreeLevel(data, labels, design, coefficientPriors, betweenPrior, withinPrior);
        return new ExactModel(model.Data, model.design, model.columnNames, model.coefficientPriors, model.Between, model.Within, model.clusterOfRow, model.clusterLabels, samplingCovariance);
    }

    /// <summary>The same model with the coefficients <paramref name="names"/> fixed at 0 (columns dropped).</summary>
    public ExactModel WithoutCoefficients(IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            if (!columnNames.Contains(name, StringComparer.Ordinal))
            {
                throw new InvalidInputException("coefficients", $"'{name}' is not a coefficient of the model; coefficients are {string.Join(", ", columnNames)}");
            }
        }

        var keep = Enumerable.Range(0, columnNames.Length).Where(j => !names.Contains(columnNames[j], StringComparer.Ordinal)).ToArray();
        var p = columnNames.Length;
        var x = new double[Data.K * keep.Length];
        for (var i = 0; i < Data.K; i++)
        {
            for (var j = 0; j < keep.Length; j++)
            {
                x[(i * keep.Length) + j] = design[(i * p) + keep[j]];
            }
        }

        return new ExactModel(Data, x, keep.Select(j => columnNames[j]).ToArray(), keep.Select(j => coefficientPriors[j]).ToArray(), Between, Within, clusterOfRow, clusterLabels, samplingCovariance);
    }

    /// <summary>The same model with the component named <paramref name="name"/> fixed at <paramref name="value"/>.</summary>
    public ExactModel WithFixedComponent(string name, double value)
    {
        if (name == Between.Name && IsThreeLevel)
        {
            return new ExactModel(Data, design, columnNames, coefficientPriors, VarianceComponent.Fixed(name, value), Within, clusterOfRow, clusterLabels, samplingCovariance);
        }

        if (name == Within.Name)
        {
            return new ExactModel(Data, design, columnNames, coefficientPriors, Between, VarianceComponent.Fixed(name, value), clusterOfRow, clusterLabels, samplingCovariance);
        }

        throw new InvalidInputException("component", $"'{name}' is not a variance component of the model; components are {string.Join(", ", Components.Select(c => c.Name))}");
    }

    /// <summary>The variance components of the model (σ_between only in three-level models).</summary>
    public IReadOnlyList<VarianceComponent> Components => IsThreeLevel ? [Between, Within] : [Within];

    /// <summary>The design row of effect <paramref name="i"/>.</summary>
    public double[] DesignRow(int i) => design.AsSpan(i * columnNames.Length, columnNames.Length).ToArray();

    /// <summary>The conditional Gaussian computations for this model.</summary>
    internal ConditionalGaussian Conditional()
    {
        var clusters = IsThreeLevel
            ? Enumerable.Range(0, clusterLabels.Length).Select(c => Enumerable.Range(0, Data.K).Where(i => clusterOfRow[i] == c).ToArray()).ToArray()
            : Enumerable.Range(0, Data.K).Select(i => new[] { i }).ToArray();
        var mean = coefficientPriors.Select(p => p?.Mean ?? 0).ToArray();
        var precision = coefficientPriors.Select(p => p is null ? 0 : 1 / (p.Sd * p.Sd)).ToArray();
        return new ConditionalGaussian(Data.Yi.ToArray(), Data.Vi.ToArray(), design, columnNames.Length, mean, precision, clusters, samplingCovariance);
    }

    private static ExactModel TwoLevel(EffectData data, DesignMatrix design, IReadOnlyList<NormalPrior?> coefficientPriors, VarianceComponent tau)
    {
        var (x, names, priors) = Validate(data, design, coefficientPriors);
        return new ExactModel(data, x, names, priors, VarianceComponent.Fixed("sigma_between", 0), tau, [], []);
    }

    private static (double[] Design, string[] Names, NormalPrior?[] Priors) Validate(EffectData data, DesignMatrix design, IReadOnlyList<NormalPrior?> coefficientPriors)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(coefficientPriors);
        if (design.Rows != data.K)
        {
            throw new InvalidInputException("moderators", string.Create(CultureInfo.InvariantCulture, $"the design has {design.Rows} rows but there are {data.K} effects"));
        }

        if (coefficientPriors.Count != design.Columns)
        {
            throw new InvalidInputException("priors", string.Create(CultureInfo.InvariantCulture, $"{coefficientPriors.Count} coefficient priors given but the model has {design.Columns} coefficients ({string.Join(", ", design.ColumnNames)})"));
        }

        var p = design.Columns;
        var x = new double[data.K * p];
        for (var i = 0; i < data.K; i++)
        {
            for (var j = 0; j < p; j++)
            {
                x[(i * p) + j] = design.X[i, j];
            }
        }

        return (x, design.ColumnNames.ToArray(), coefficientPriors.ToArray());
    }
}
