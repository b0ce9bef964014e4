using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Nuts.Transforms;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>
/// The Emax dose-response curve with study random effects:
/// yᵢ ~ N(E0 + Emax dᵢ / (ED50 + dᵢ) + τ z_s(i), vᵢ), z_s ~ N(0, 1), one z per study.
/// </summary>
/// <remarks>
/// <para>E0 is the effect at dose 0, Emax the largest change the dose can add, ED50 &gt; 0 the dose that
/// gives half of it (sampled on the log scale, typically with a log-normal prior centred on a plausible
/// dose). Without study labels every row is its own study.</para>
/// <para>Gradient of the mean fᵢ: ∂f/∂E0 = 1, ∂f/∂Emax = dᵢ/(ED50 + dᵢ), ∂f/∂ED50 = -Emax dᵢ/(ED50 + dᵢ)².</para>
/// <para>The pointwise log likelihood is per study, with its random effect integrated out:
/// y_s ~ N(f_s, V_s + τ² 11ᵀ), evaluated with the Sherman-Morrison identities.</para>
/// </remarks>
public sealed class EmaxDoseResponseModel : IModel, IPointwiseLogLikelihood
{
    private const int Fixed = 4;
    private readonly double[] yi;
    private readonly double[] vi;
    private readonly double[] dose;
    private readonly int[] study;
    private readonly int k;
    private readonly int studies;
    private readonly NormalPrior e0Prior;
    private readonly NormalPrior emaxPrior;
    private readonly PositivePrior ed50Prior;
    private readonly ScalePrior tauPrior;
    private readonly ParameterTransform tauTransform;

    /// <summary>
    /// The model for effects <paramref name="data"/> at doses <paramref name="dose"/> (each ≥ 0), grouped by
    /// <paramref name="studyLabels"/> (null: one study per row).
    /// </summary>
    public EmaxDoseResponseModel(
        EffectData data,
        IReadOnlyList<double> dose,
        NormalPrior e0Prior,
        NormalPrior emaxPrior,
        PositivePrior ed50Prior,
        ScalePrior tauPrior,
        IReadOnlyList<string>? studyLabels = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(dose);
        ArgumentNullException.ThrowIfNull(e0Prior);
        ArgumentNullException.ThrowIfNull(emaxPrior);
        ArgumentNullException.ThrowIfNull(ed50Prior);
        ArgumentNullException.ThrowIfNull(tauPrior);
        Guard.SameLength(dose, "dose", data.K, "yi");
        Guard.NonNegative(dose, "dose");
        Guard.AtLeast(data.K, 3, "yi", "the Emax dose-response model");
        yi = data.Yi.ToArray();
        vi = data.Vi.ToArray();
        this.dose = dose.ToArray();
        k = data.K;
        if (studyLabels is null)
        {
            study = Enumerable.Range(0, k).ToArray();
            StudyLabels = data.Labels.ToArray();
        }
        else
        {
            Guard.SameLength(studyLabels, "study", k, "yi");
            var distinct = studyLabels.Distinct(StringComparer.Ordinal).ToList();
            study = studyLabels.Select(s => distinct.IndexOf(s)).ToArray();
            StudyLabels = distinct;
        }

        studies = StudyLabels.Count;
        this.e0Prior = e0Prior;
        this.emaxPrior = emaxPrior;
        this.ed50Prior = ed50Prior;
        this.tauPrior = tauPrior;
        tauTransform = ScaleParameters.TransformFor(tauPrior);
        ParameterNames = ["e0", "emax", "ed50", "tau", .. FixedEffects.Indexed("z", studies)];
        OutputNames = ParameterNames;
    }

    /// <summary>The studies in order of first appearance (the order of the z's).</summary>
    public IReadOnlyList<string> StudyLabels { get; }

    /// <inheritdoc />
    public int Dimension => Fixed + studies;

    /// <inheritdoc />
    public IReadOnlyList<string> ParameterNames { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> OutputNames { get; }

    /// <inheritdoc />
    public int ObservationCount => studies;

    /// <summary>The curve E0 + Emax d / (ED50 + d).</summary>
    public static double Curve(double e0, double emax, double ed50, double dose) => e0 + (emax * dose / (ed50 + dose));

    /// <inheritdoc />
    public double LogDensityGradient(ReadOnlySpan<double> unconstrained, Span<double> gradient)
    {
        var e0 = unconstrained[0];
        var emax = unconstrained[1];
        var ed50 = new TransformedParameter(ParameterTransform.Positive, unconstrained[2]);
        var tau = new TransformedParameter(tauTransform, unconstrained[3]);
        var lp = e0Prior.LogDensity(e0) + emaxPrior.LogDensity(emax)
            + ed50Prior.LogDensity(ed50.Value) + ed50.LogJacobian
            + tauPrior.LogDensity(tau.Value) + tau.LogJacobian;
        var dE0 = e0Prior.LogDensityDerivative(e0);
        var dEmax = emaxPrior.LogDensityDerivative(emax);
        var dEd50 = ed50Prior.LogDensityDerivative(ed50.Value);
        var dTau = tauPrior.LogDensityDerivative(tau.Value);

        for (var s = 0; s < studies; s++)
        {
            var z = unconstrained[Fixed + s];
            lp -= 0.5 * z * z;
            gradient[Fixed + s] = -z;
        }

        for (var i = 0; i < k; i++)
        {
            var z = unconstrained[Fixed + study[i]];
            var denominator = ed50.Value + dose[i];
            var fraction = dose[i] / denominator;
            var residual = yi[i] - e0 - (emax * fraction) - (tau.Value * z);
            var r = residual / vi[i];
            lp -= 0.5 * residual * r;
            dE0 += r;
            dEmax += r * fraction;
            dEd50 -= r * emax * dose[i] / (denominator * denominator);
            dTau += r * z;
            gradient[Fixed + study[i]] += r * tau.Value;
        }

        gradient[0] = dE0;
        gradient[1] = dEmax;
        gradient[2] = ed50.UnconstrainedGradient(dEd50);
        gradient[3] = tau.UnconstrainedGradient(dTau);
        return lp;
    }

    /// <inheritdoc />
    public void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output)
    {
        unconstrained.CopyTo(output);
        output[2] = Math.Exp(unconstrained[2]);
        output[3] = tauTransform.Constrain(unconstrained[3]);
    }

    /// <inheritdoc />
    public void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained)
    {
        constrained[..Dimension].CopyTo(unconstrained);
        unconstrained[2] = Math.Log(constrained[2]);
        unconstrained[3] = tauTransform.Unconstrain(constrained[3]);
    }

    /// <inheritdoc />
    public void PointwiseLogLikelihood(ReadOnlySpan<double> unconstrained, Span<double> logLikelihood)
    {
        var e0 = unconstrained[0];
        var emax = unconstrained[1];
        var ed50 = Math.Exp(unconstrained[2]);
        var tau2 = Math.Pow(tauTransform.Constrain(unconstrained[3]), 2);

        Span<double> residual = k <= 256 ? stackalloc double[k] : new double[k];
        for (var i = 0; i < k; i++)
        {
            residual[i] = yi[i] - Curve(e0, emax, ed50, dose[i]);
        }

        GroupedMarginalLikelihood.Compute(study, residual, vi, tau2, logLikelihood);
    }
}
