namespace MetaAnalysis.Core.Frequentist.PublicationBias;

/// <summary>The two regressions of PET-PEESE and the estimate the conditional rule picks.</summary>
/// <param name="Pet">PET: the regression of the effects on their standard errors (coefficients intrcpt, sei).</param>
/// <param name="Peese">PEESE: the regression of the effects on their sampling variances (coefficients intrcpt, vi).</param>
/// <param name="PetOneSidedPValue">The one-sided p-value of PET's intercept in the direction of selection.</param>
/// <param name="UsesPeese">Whether the rule picked PEESE (PET's intercept significant one-sided at α).</param>
/// <param name="Estimate">The bias-corrected effect: PEESE's intercept when <paramref name="UsesPeese"/>, otherwise PET's.</param>
public sealed record PetPeeseFit(RandomEffectsFit Pet, RandomEffectsFit Peese, double PetOneSidedPValue, bool UsesPeese, CoefficientEstimate Estimate);
