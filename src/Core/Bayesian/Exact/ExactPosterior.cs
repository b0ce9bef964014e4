using MetaAnalysis.Core.Data;
using System.Globalization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Exact;

/// <summary>
/// The exact posterior of a fitted <see cref="ExactModel"/>: coefficients, variance components, study
/// effects, predictions, marginal likelihood, Bayes factors and posterior predictive checks.
/// </summary>
/// <remarks>
/// Coefficient summaries are mixtures of normals over the quadrature nodes; variance components are read
/// from the integration grid. Bayes factors fit the restricted model on demand (once, then cached).
/// When a coefficient has a flat prior the marginal likelihood exists only up to that prior's arbitrary
/// constant: <see cref="LogMarginalLikelihood"/> is then null, and only Bayes factors between models that
/// share every flat coefficient are available. Summaries are computed on first use and cached; an
/// instance is not meant to be shared between threads while they are.
/// </remarks>
public sealed class ExactPosterior
{
    private readonly ConditionalGaussian conditional;
    private readonly PosteriorNodes nodes;
    private readonly IReadOnlyDictionary<string, StandardDeviationPosterior> components;
    private readonly Dictionary<string, double> restrictedEvidence = new(StringComparer.Ordinal);
    private readonly Dictionary<int, NormalMixture> coefficients = [];

    internal ExactPosterior(
        ExactModel model,
        ConditionalGaussian conditional,
        PosteriorNodes nodes,
        double logEvidence,
        IntegrationDiagnostics diagnostics,
        IReadOnlyDictionary<string, StandardDeviationPosterior> components)
    {
        Model = model;
        this.conditional = conditional;
        this.nodes = nodes;
        LogEvidence = logEvidence;
        Diagnostics = diagnostics;
        this.components = components;
    }

    /// <summary>The fitted model.</summary>
    public ExactModel Model { get; }

    /// <summary>The integration's accuracy and cost.</summary>
    public IntegrationDiagnostics Diagnostics { get; }

    /// <summary>Names of the coefficients.</summary>
    public IReadOnlyList<string> CoefficientNames => Model.CoefficientNames;

    /// <summary>log p(y), or null when a flat prior makes it undefined.</summary>
    public double? LogMarginalLikelihood => Model.HasProperPriors ? LogEvidence : null;

    /// <summary>log p(y), up to the constant of any flat coefficient prior.</summary>
    internal double LogEvidence { get; }

    /// <summary>The posterior of coefficient <paramref name="index"/> (0 = intercept).</summary>
    public NormalMixture Coefficient(int index)
    {
        if (index < 0 || index >= Model.CoefficientCount)
        {
            throw new InvalidInputException("coefficient", string.Create(CultureInfo.InvariantCulture, $"index {index} is outside 0..{Model.CoefficientCount - 1}"));
        }

        if (!coefficients.TryGetValue(index, out var mixture))
        {
            var p = Model.CoefficientCount;
            mixture = nodes.Mixture(m => m.Mean[index], m => m.Covariance[(index * p) + index]);
            coefficients[index] = mixture;
        }

        return mixture;
    }

    /// <summary>The posterior of the coefficient named <paramref name="name"/> (e.g. "intrcpt").</summary>
    public NormalMixture Coefficient(string name) => Coefficient(IndexOf(name));

    /// <summary>The posterior of x'β for a design row <paramref name="row"/> (a subgroup mean, a point of a dose-response curve).</summary>
    public NormalMixture LinearCombination(IReadOnlyList<double> row)
    {
        CheckRow(row);
        return nodes.Mixture(m => m.LinearPredictor(row), m => m.QuadraticForm(row));
    }

    /// <summary>
    /// The predictive distribution of the true effect of a new study with design row <paramref name="row"/>
    /// (null for the intercept-only model): x'β plus new random effects, N(x'b, x'Cx + σ_between² + σ_within²)
    /// given the components (in a three-level model: a new effect in a new cluster).
    /// </summary>
    public NormalMixture PredictiveEffect(IReadOnlyList<double>? row = null)
    {
        if (row is null)
        {
            if (Model.CoefficientCount != 1 || Model.CoefficientNames[0] != DesignMatrix.InterceptName)
            {
                throw new InvalidInputException("row", "the model has moderators: give the design row of the new study");
            }

            row = [1.0];
        }

        CheckRow(row);
        return nodes.Mixture(
            m => m.LinearPredictor(row),
            m => m.QuadraticForm(row) + (m.Between * m.Between) + (m.Within * m.Within));
    }

    /// <summary>The shrunken (posterior) true effect of every study, in data order.</summary>
    public IReadOnlyList<NormalMixture> StudyEffects()
    {
        var k = Model.Data.K;
        var means = new double[k][];
        var sds = new double[k][];
        for (var i = 0; i < k; i++)
        {
            means[i] = new double[nodes.Count];
            sds[i] = new double[nodes.Count];
        }

        var nodeMeans = new double[k];
        var nodeVariances = new double[k];
        for (var j = 0; j < nodes.Count; j++)
        {
            conditional.StudyEffects(nodes.Moments[j], nodeMeans, nodeVariances);
            for (var i = 0; i < k; i++)
            {
                means[i][j] = nodeMeans[i];
                sds[i][j] = Math.Sqrt(Math.Max(nodeVariances[i], 0));
            }
        }

        return Enumerable.Range(0, k).Select(i => new NormalMixture(nodes.Weights, means[i], sds[i])).ToArray();
    }

    /// <summary>The posterior of the standard deviation named <paramref name="name"/> (tau, sigma_between, sigma_within).</summary>
    public StandardDeviationPosterior Component(string name) =>
        components.TryGetValue(name, out var posterior)
            ? posterior
            : throw new InvalidInputException("component", $"'{name}' is not integrated over in this model; integrated components are {string.Join(", ", components.Keys)}");

    /// <summary>The posterior of τ in a two-level model.</summary>
    public StandardDeviationPosterior Tau => Component("tau");

    /// <summary>The posterior of τ².</summary>
    public UnivariatePosterior Tau2 => new TransformedStandardDeviationPosterior(Tau, t => t * t, Math.Sqrt, t => 2 * t, double.PositiveInfinity);

    /// <summary>
    /// The posterior of I² = τ² / (τ² + s²) in a two-level model, s² the typical sampling variance
    /// (k − p) / tr(P) with P = W − WX(X'WX)⁻¹X'W, W = diag(1/v_i) (Higgins and Thompson's for k effects
    /// without moderators; metafor's residual I² with them).
    /// </summary>
    public UnivariatePosterior I2
    {
        get
        {
            var s2 = TypicalSamplingVariance();
            return new TransformedStandardDeviationPosterior(
                Tau,
                t => t * t / ((t * t) + s2),
                i => Math.Sqrt(s2 * i / (1 - i)),
                t => 2 * t * s2 / (((t * t) + s2) * ((t * t) + s2)),
                1);
        }
    }

    /// <summary>log BF of the model against the same model with the coefficient "intrcpt" (μ) fixed at 0.</summary>
    public double LogBayesFactorEffect() => LogBayesFactorCoefficients([DesignMatrix.InterceptName]);

    /// <summary>
    /// log BF of the model against the same model with <paramref name="names"/> fixed at 0 (a moderator's
    /// coefficients together), which must have proper priors.
    /// </summary>
    public double LogBayesFactorCoefficients(IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            if (Model.CoefficientPriors[IndexOf(name)] is null)
            {
                throw new InvalidOperationException($"coefficient '{name}' has a flat prior: a Bayes factor for fixing it at 0 is undefined");
            }
        }

        var key = "coefficients:" + string.Join('\u001f', names.Order(StringComparer.Ordinal));
        return LogEvidence - Restricted(key, () => Model.WithoutCoefficients(names));
    }

    /// <summary>log BF of the model against the same model with every variance component fixed at 0 (the common-effect model).</summary>
    public double LogBayesFactorHeterogeneity()
    {
        if (Model.Components.All(c => c.IsFixed))
        {
            throw new InvalidOperationException("every variance component is fixed in this model");
        }

        return LogEvidence - Restricted("heterogeneity", () => Model.Components.Aggregate(Model, (m, c) => m.WithFixedComponent(c.Name, 0)));
    }

    /// <summary>log BF of the model against the same model with the component <paramref name="name"/> fixed at 0.</summary>
    public double LogBayesFactorComponent(string name)
    {
        _ = Component(name);
        return LogEvidence - Restricted("component:" + name, () => Model.WithFixedComponent(name, 0));
    }

    /// <summary>
    /// Posterior predictive p-values. Per study: P(y_rep ≥ y_i | y) for a replicate from a new study with
    /// the same design row, y_rep ~ N(x_i'β, σ_between² + σ_within² + v_i) (the "mixed" replication, which
    /// flags studies that conflict with the rest). Overall: E[P(χ²_{k−p} ≥ Q(σ)) | y] with Q(σ) the
    /// generalized Cochran's Q at the components, whose replicated distribution is χ²_{k−p} whatever β is.
    /// </summary>
    public PosteriorPredictiveCheck PosteriorPredictiveCheck()
    {
        var k = Model.Data.K;
        var p = Model.CoefficientCount;
        var studies = new double[k];
        for (var i = 0; i < k; i++)
        {
            var row = Model.DesignRow(i);
            var y = Model.Data.Yi[i];
            var v = Model.Data.Vi[i];
            var mixture = nodes.Mixture(
                m => m.LinearPredictor(row),
                m => m.QuadraticForm(row) + (m.Between * m.Between) + (m.Within * m.Within) + v);
            studies[i] = mixture.ProbabilityAbove(y);
        }

        var df = k - p;
        var overall = double.NaN;
        if (df > 0)
        {
            overall = 0;
            for (var j = 0; j < nodes.Count; j++)
            {
                var q = conditional.GeneralizedQ(nodes.Moments[j].Between, nodes.Moments[j].Within);
                overall += nodes.Weights[j] * (1 - ChiSquared.CDF(df, q));
            }
        }

        return new PosteriorPredictiveCheck(studies, overall, df);
    }

    private double Restricted(string key, Func<ExactModel> restricted)
    {
        if (!restrictedEvidence.TryGetValue(key, out var value))
        {
            value = ExactBayes.Fit(restricted()).LogEvidence;
            restrictedEvidence[key] = value;
        }

        return value;
    }

    private double TypicalSamplingVariance()
    {
        var k = Model.Data.K;
        var p = Model.CoefficientCount;
        if (k <= p)
        {
            throw new InvalidOperationException("I² needs more effects than coefficients");
        }

        var x = Matrix<double>.Build.Dense(k, p, (i, j) => Model.DesignRow(i)[j]);
        var w = Vector<double>.Build.Dense(k, i => 1 / Model.Data.Vi[i]);
        var wx = Matrix<double>.Build.Dense(k, p, (i, j) => w[i] * x[i, j]);
        var information = x.TransposeThisAndMultiply(wx);
        var projected = information.Cholesky().Solve(wx.TransposeThisAndMultiply(wx));
        var trace = w.Sum() - projected.Trace();
        return (k - p) / trace;
    }

    private int IndexOf(string name)
    {
        for (var j = 0; j < Model.CoefficientCount; j++)
        {
            if (Model.CoefficientNames[j] == name)
            {
                return j;
            }
        }

        throw new InvalidInputException("coefficient", $"'{name}' is not a coefficient of the model; coefficients are {string.Join(", ", Model.CoefficientNames)}");
    }

    private void CheckRow(IReadOnlyList<double> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Guard.SameLength(row, "row", Model.CoefficientCount, "the number of coefficients");
        Guard.Finite(row, "row");
    }
}
