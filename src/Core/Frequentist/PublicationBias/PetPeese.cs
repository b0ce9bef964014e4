using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.PublicationBias.Selection;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Frequentist.PublicationBias;

/// <summary>
/// PET-PEESE (Stanley and Doucouliagos 2014): meta-regressions of the effects on their standard errors
/// (PET, the precision-effect test) and on their sampling variances (PEESE, the precision-effect estimate
/// with standard error), whose intercepts estimate the effect of a study with no sampling error, i.e.
/// corrected for small-study effects.
/// </summary>
/// <remarks>
/// <para>Model: by default Stanley and Doucouliagos' weighted least squares, yᵢ = β₀ + β₁ seᵢ + εᵢ (PEESE:
/// β₁ vᵢ) with weights 1/vᵢ and a multiplicative dispersion estimated from the residuals (R's <c>lm</c> with
/// weights), t tests on k - 2 degrees of freedom. That is the equal-effects meta-regression with the
/// Knapp-Hartung covariance, metafor's <c>rma(yi, vi, mods = ~ sei, method = "EE", test = "knha")</c>, so it is
/// fitted as one (<see cref="WeightedLeastSquares"/>). Any other <see cref="RandomEffectsOptions"/> give the
/// random-effects meta-regressions (τ² by its method, z or t tests) that many applications use instead.</para>
/// <para>Conditional rule (Stanley and Doucouliagos 2014): PET's intercept is tested one-sided, H₀: β₀ = 0
/// against an effect in the direction selection favours (β₀ &gt; 0 for <see cref="SelectionAlternative.Greater"/>,
/// β₀ &lt; 0 for <see cref="SelectionAlternative.Less"/>), at α = 0.05 by default. When it is rejected there is an
/// effect, PET is known to underestimate it then, and PEESE's intercept is the estimate; otherwise PET's
/// intercept is. (A one-sided 0.05 test is the two-sided 0.10 test of Stanley's later papers whenever the
/// estimate lies in the expected direction.)</para>
/// </remarks>
public static class PetPeese
{
    /// <summary>Stanley and Doucouliagos' weighted least squares: equal-effects weights, Knapp-Hartung (lm) dispersion and t tests.</summary>
    public static RandomEffectsOptions WeightedLeastSquares { get; } = new() { Method = "EE", Test = CoefficientTest.KnappHartung };

    /// <summary>PET: the regression of yᵢ on seᵢ = √vᵢ (<see cref="WeightedLeastSquares"/> when <paramref name="options"/> is null).</summary>
    public static RandomEffectsFit Pet(EffectData data, RandomEffectsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.AtLeast(data.K, 3, "yi", "PET");
        return RandomEffectsModel.Fit(data, EggerRegressionTest.StandardErrorDesign(data), options ?? WeightedLeastSquares);
    }

    /// <summary>PEESE: the regression of yᵢ on vᵢ (<see cref="WeightedLeastSquares"/> when <paramref name="options"/> is null).</summary>
    public static RandomEffectsFit Peese(EffectData data, RandomEffectsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.AtLeast(data.K, 3, "yi", "PEESE");
        return RandomEffectsModel.Fit(data, VarianceDesign(data), options ?? WeightedLeastSquares);
    }

    /// <summary>Fits PET and PEESE and applies the conditional rule at one-sided level <paramref name="alpha"/>.</summary>
    public static PetPeeseFit Fit(
        EffectData data,
        RandomEffectsOptions? options = null,
        SelectionAlternative direction = SelectionAlternative.Greater,
        double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(alpha > 0 && alpha < 1))
        {
            throw new InvalidInputException("alpha", "must lie strictly between 0 and 1");
        }

        if (!Enum.IsDefined(direction))
        {
            throw new InvalidInputException("direction", "must be greater or less");
        }

        var pet = Pet(data, options);
        var peese = Peese(data, options);
        var intercept = pet.Coefficients[0];

        // The two-sided p-value halves on the side of the expected direction and is 1 - p/2 on the other.
        var inDirection = direction == SelectionAlternative.Greater ? intercept.Statistic > 0 : intercept.Statistic < 0;
        var oneSided = inDirection ? intercept.PValue / 2 : 1 - (intercept.PValue / 2);
        var usesPeese = oneSided < alpha;
        return new PetPeeseFit(pet, peese, oneSided, usesPeese, usesPeese ? peese.Coefficients[0] : intercept);
    }

    /// <summary>The design [intercept, vi] of the regression on the sampling variance.</summary>
    public static DesignMatrix VarianceDesign(EffectData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return DesignMatrix.FromColumns([
            (DesignMatrix.InterceptName, Enumerable.Repeat(1.0, data.K).ToArray()),
            ("vi", data.Vi.ToArray()),
        ]);
    }
}
