using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.MultiLevel;
using MetaAnalysis.Core.Statistics;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>
/// The log-likelihood of a selection model for effects nested in studies, and its gradient, in
/// (β, σ²_between, σ²_within, the estimated δ).
/// </summary>
/// <remarks>
/// <para>Model: study j has a random effect uⱼ ~ N(0, σ²_between); its effect i, given uⱼ, is
/// yᵢ ~ N(xᵢ'β + uⱼ, vᵢ + σ²_within) and is reported with probability w(pᵢ; δ) of its own one-sided p-value
/// (from vᵢ alone), independently of the study's other effects. So, given uⱼ, a reported effect has density
/// w(pᵢ) φ(yᵢ; xᵢ'β + uⱼ, vᵢ + σ²_within) / Aᵢ(uⱼ), and study j contributes
/// log ∫ Πᵢ [that] φ(u; 0, σ²_between) du. The studies themselves are taken as given: a study is in the
/// data whatever becomes of its effects (one whose effects were all unreported is not modelled). With
/// w ≡ 1 this is exactly the three-level model's likelihood.</para>
/// <para>The integral over u is adaptive Gauss-Hermite: centred and scaled at the study effect's
/// conditional distribution under the model without selection, which the selection factor changes only
/// smoothly, so a few dozen nodes are exact to ~1e-12. The gradient differentiates the integrand at those
/// nodes.</para>
/// </remarks>
public sealed class ThreeLevelSelectionLikelihood
{
    private const int NodeCount = 32;
    private static readonly GaussHermiteRule Rule = GaussHermiteRule.Create(NodeCount);
    private static readonly double[] LogScaledWeights = Rule.ScaledWeights.Select(w => Math.Log(w)).ToArray();

    private readonly double[] orientedYi;
    private readonly double[] vi;
    private readonly double[] se;
    private readonly double[] pValues;
    private readonly double[,] x;
    private readonly int[] freeDeltas;
    private readonly double orientation;
    private readonly EffectClusters clusters;

    /// <summary>The likelihood of <paramref name="data"/> grouped by <paramref name="clusters"/>, with fixed effects <paramref name="design"/>.</summary>
    public ThreeLevelSelectionLikelihood(EffectData data, EffectClusters clusters, SelectionWeightFunction weightFunction, SelectionAlternative alternative, DesignMatrix design)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(weightFunction);
        ArgumentNullException.ThrowIfNull(design);
        if (!Enum.IsDefined(alternative))
        {
            throw new InvalidInputException("alternative", "must be greater or less");
        }

        WeightFunction = weightFunction;
        Design = design;
        this.clusters = clusters;
        orientation = alternative == SelectionAlternative.Greater ? 1 : -1;
        orientedYi = data.Yi.Select(y => orientation * y).ToArray();
        vi = data.Vi.ToArray();
        se = vi.Select(Math.Sqrt).ToArray();
        pValues = SelectionModel.OneSidedPValues(data, alternative);
        x = design.X.ToArray();
        freeDeltas = Enumerable.Range(0, weightFunction.DeltaCount).Where(j => !weightFunction.IsFixed(j)).ToArray();
    }

    /// <summary>Number of studies (the terms of ℓ).</summary>
    public int StudyCount => clusters.Count;

    /// <summary>The weight function.</summary>
    public SelectionWeightFunction WeightFunction { get; }

    /// <summary>The fixed-effects design.</summary>
    public DesignMatrix Design { get; }

    /// <summary>Number of coefficients p.</summary>
    public int CoefficientCount => Design.Columns;

    /// <summary>p coefficients, σ²_between, σ²_within, the estimated δ.</summary>
    public int ParameterCount => CoefficientCount + 2 + freeDeltas.Length;

    /// <summary>Position of σ²_between in the parameter vector.</summary>
    public int BetweenIndex => CoefficientCount;

    /// <summary>Position of σ²_within.</summary>
    public int WithinIndex => CoefficientCount + 1;

    /// <summary>Indices into the full δ vector of the estimated δ, in parameter order after the variances.</summary>
    public IReadOnlyList<int> FreeDeltas => freeDeltas;

    /// <summary>The full δ vector (fixed entries included) of a parameter vector.</summary>
    public double[] Deltas(ReadOnlySpan<double> parameters)
    {
        var delta = WeightFunction.InitialDeltas();
        for (var f = 0; f < freeDeltas.Length; f++)
        {
            delta[freeDeltas[f]] = parameters[CoefficientCount + 2 + f];
        }

        return delta;
    }

    /// <summary>ℓ at <paramref name="parameters"/>, and its gradient into <paramref name="gradient"/>.</summary>
    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient) => Evaluate(parameters, gradient, []);

    /// <summary>
    /// ℓ at <paramref name="parameters"/>, its gradient into <paramref name="gradient"/> and, unless it is empty,
    /// each study's term of ℓ into <paramref name="studyLogLikelihood"/> (in the order of the clusters' members).
    /// </summary>
    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient, Span<double> studyLogLikelihood)
    {
        var p = CoefficientCount;
        var n = ParameterCount;
        var delta = Deltas(parameters);
        var between = parameters[BetweenIndex];
        var within = parameters[WithinIndex];
        Span<double> logWeightGradient = stackalloc double[delta.Length];
        Span<double> constantGradient = stackalloc double[delta.Length];
        Span<double> nodeGradient = stackalloc double[n * NodeCount];
        Span<double> nodeLog = stackalloc double[NodeCount];
        gradient.Clear();
        var total = 0.0;
        var fixedAtZero = !(between > 0);
        var study = 0;
        foreach (var members in clusters.Members)
        {
            // The study effect's conditional distribution without selection: the quadrature's centre and scale.
            var precision = 0.0;
            var weightedResidual = 0.0;
            foreach (var i in members)
            {
                var w = 1 / (vi[i] + within);
                precision += w;
                weightedResidual += w * (orientedYi[i] - (orientation * Mean(parameters, i)));
            }

            var nodes = fixedAtZero ? 1 : NodeCount;
            var conditionalVariance = fixedAtZero ? 0 : between / (1 + (between * precision));
            var centre = conditionalVariance * weightedResidual;
            var spread = Math.Sqrt(2 * conditionalVariance);
            nodeGradient.Clear();
            for (var k = 0; k < nodes; k++)
            {
                var row = nodeGradient.Slice(k * n, n);

                // u in the oriented scale: the oriented mean is orientation·x'β + u.
                var u = fixedAtZero ? 0 : centre + (spread * Rule.Nodes[k]);
                var log = fixedAtZero ? 0 : LogScaledWeights[k] + Math.Log(spread) - (0.5 * Math.Log(2 * Math.PI * between)) - (0.5 * u * u / between);
                if (!fixedAtZero)
                {
                    row[BetweenIndex] = (-0.5 / between) + (0.5 * u * u / (between * between));
                }

                foreach (var i in members)
                {
                    var orientedMean = (orientation * Mean(parameters, i)) + u;
                    log += SelectedEffect.LogDensity(WeightFunction, pValues[i], se[i], vi[i], orientedYi[i], orientedMean, within, delta, logWeightGradient, constantGradient, out var dMean, out var dVariance);
                    for (var j = 0; j < p; j++)
                    {
                        row[j] += x[i, j] * orientation * dMean;
                    }

                    row[WithinIndex] += dVariance;
                    for (var f = 0; f < freeDeltas.Length; f++)
                    {
                        row[p + 2 + f] += logWeightGradient[freeDeltas[f]];
                    }
                }

                nodeLog[k] = log;
            }

            // log Σₖ e^(Lₖ), and the gradient as the posterior-weighted mean of the nodes' gradients.
            var largest = double.NegativeInfinity;
            for (var k = 0; k < nodes; k++)
            {
                largest = Math.Max(largest, nodeLog[k]);
            }

            var sum = 0.0;
            for (var k = 0; k < nodes; k++)
            {
                sum += Math.Exp(nodeLog[k] - largest);
            }

            var studyTerm = largest + Math.Log(sum);
            total += studyTerm;
            if (!studyLogLikelihood.IsEmpty)
            {
                studyLogLikelihood[study] = studyTerm;
            }

            study++;
            for (var k = 0; k < nodes; k++)
            {
                var share = Math.Exp(nodeLog[k] - largest) / sum;
                for (var j = 0; j < n; j++)
                {
                    gradient[j] += share * nodeGradient[(k * n) + j];
                }
            }
        }

        return total;
    }

    private double Mean(ReadOnlySpan<double> parameters, int i)
    {
        var mean = 0.0;
        for (var j = 0; j < CoefficientCount; j++)
        {
            mean += x[i, j] * parameters[j];
        }

        return mean;
    }
}
