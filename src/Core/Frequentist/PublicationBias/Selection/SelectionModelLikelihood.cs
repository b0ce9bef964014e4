using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

/// <summary>
/// The log-likelihood of a selection model and its gradient: yᵢ has density
/// w(pᵢ; δ) φ(yᵢ; xᵢ'β, vᵢ + τ²) / Aᵢ with Aᵢ = ∫ w(p(y); δ) φ(y; xᵢ'β, vᵢ + τ²) dy, pᵢ the one-sided p-value
/// of yᵢ from its sampling variance alone.
/// </summary>
/// <remarks>
/// ℓ = Σᵢ [log w(pᵢ) - ½ log(2π Sᵢ²) - (yᵢ - μᵢ)²/(2Sᵢ²) - log Aᵢ], Sᵢ² = vᵢ + τ², all constants kept (metafor's
/// <c>logLik</c>). Parameters, in order: β (one per design column), τ² (untransformed), the estimated δ
/// (the weight function's fixed δ left out). ∂ℓ/∂τ² = ∂ℓ/∂S / (2S).
/// </remarks>
public sealed class SelectionModelLikelihood
{
    private readonly double[] orientedYi;
    private readonly double[] vi;
    private readonly double[] se;
    private readonly double[] pValues;
    private readonly double[,] x;
    private readonly double orientation;
    private readonly int[] freeDeltas;

    /// <summary>The likelihood of <paramref name="data"/> with fixed-effects design <paramref name="design"/> (intercept-only when null).</summary>
    public SelectionModelLikelihood(EffectData data, SelectionWeightFunction weightFunction, SelectionAlternative alternative, DesignMatrix? design = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(weightFunction);
        design ??= DesignMatrix.InterceptOnly(data.K);
        Guard.SameLength(Enumerable.Range(0, design.Rows).ToArray(), "moderators", data.K, "yi");
        if (!Enum.IsDefined(alternative))
        {
            throw new InvalidInputException("alternative", "must be greater or less");
        }

        WeightFunction = weightFunction;
        Alternative = alternative;
        Design = design;
        K = data.K;
        orientation = alternative == SelectionAlternative.Greater ? 1 : -1;
        orientedYi = data.Yi.Select(y => orientation * y).ToArray();
        vi = data.Vi.ToArray();
        se = vi.Select(Math.Sqrt).ToArray();
        pValues = SelectionModel.OneSidedPValues(data, alternative);
        x = design.X.ToArray();
        freeDeltas = Enumerable.Range(0, weightFunction.DeltaCount).Where(j => !weightFunction.IsFixed(j)).ToArray();
    }

    /// <summary>The weight function.</summary>
    public SelectionWeightFunction WeightFunction { get; }

    /// <summary>The direction of the p-values.</summary>
    public SelectionAlternative Alternative { get; }

    /// <summary>The fixed-effects design.</summary>
    public DesignMatrix Design { get; }

    /// <summary>Number of effects.</summary>
    public int K { get; }

    /// <summary>Number of coefficients p.</summary>
    public int CoefficientCount => Design.Columns;

    /// <summary>Length of the parameter vector: p coefficients, τ², the estimated δ.</summary>
    public int ParameterCount => CoefficientCount + 1 + freeDeltas.Length;

    /// <summary>Position of τ² in the parameter vector.</summary>
    public int Tau2Index => CoefficientCount;

    /// <summary>Indices into the full δ vector of the estimated δ, in parameter order after τ².</summary>
    public IReadOnlyList<int> FreeDeltas => freeDeltas;

    /// <summary>The observed one-sided p-values (unclamped).</summary>
    public IReadOnlyList<double> PValues => pValues;

    /// <summary>The full δ vector (fixed entries included) of a parameter vector.</summary>
    public double[] Deltas(ReadOnlySpan<double> parameters)
    {
        var delta = WeightFunction.InitialDeltas();
        for (var f = 0; f < freeDeltas.Length; f++)
        {
            delta[freeDeltas[f]] = parameters[CoefficientCount + 1 + f];
        }

        return delta;
    }

    /// <summary>The parameter vector of coefficients <paramref name="beta"/>, <paramref name="tau2"/> and full δ <paramref name="delta"/>.</summary>
    public double[] Parameters(IReadOnlyList<double> beta, double tau2, IReadOnlyList<double> delta)
    {
        ArgumentNullException.ThrowIfNull(beta);
        ArgumentNullException.ThrowIfNull(delta);
        var parameters = new double[ParameterCount];
        for (var j = 0; j < CoefficientCount; j++)
        {
            parameters[j] = beta[j];
        }

        parameters[Tau2Index] = tau2;
        for (var f = 0; f < freeDeltas.Length; f++)
        {
            parameters[CoefficientCount + 1 + f] = delta[freeDeltas[f]];
        }

        return parameters;
    }

    /// <summary>ℓ at <paramref name="parameters"/>, and its gradient into <paramref name="gradient"/> (same length).</summary>
    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        var p = CoefficientCount;
        var delta = Deltas(parameters);
        var tau2 = parameters[Tau2Index];
        Span<double> logWeightGradient = stackalloc double[delta.Length];
        Span<double> constantGradient = stackalloc double[delta.Length];
        gradient.Clear();
        var total = 0.0;
        for (var i = 0; i < K; i++)
        {
            var mean = 0.0;
            for (var j = 0; j < p; j++)
            {
                mean += x[i, j] * parameters[j];
            }

            // Oriented so that selection favours large y: a "less" model is the "greater" model of -y.
            total += SelectedEffect.LogDensity(WeightFunction, pValues[i], se[i], vi[i], orientedYi[i], orientation * mean, tau2, delta, logWeightGradient, constantGradient, out var dMean, out var dVariance);
            for (var j = 0; j < p; j++)
            {
                gradient[j] += x[i, j] * orientation * dMean;
            }

            gradient[Tau2Index] += dVariance;
            for (var f = 0; f < freeDeltas.Length; f++)
            {
                gradient[p + 1 + f] += logWeightGradient[freeDeltas[f]];
            }
        }

        return total;
    }

    /// <summary>ℓ at <paramref name="parameters"/>.</summary>
    public double Evaluate(ReadOnlySpan<double> parameters)
    {
        Span<double> gradient = stackalloc double[ParameterCount];
        return Evaluate(parameters, gradient);
    }
}
