using MetaAnalysis.Core.Bayesian.Diagnostics;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Bayesian.Models;

/// <summary>The two fits of Bayesian PET-PEESE and the estimate the conditional rule picks.</summary>
/// <param name="Pet">The PET fit (effects regressed on their standard errors).</param>
/// <param name="Peese">The PEESE fit (effects regressed on their variances).</param>
/// <param name="PetReport">Diagnostics and summaries of PET.</param>
/// <param name="PeeseReport">Diagnostics and summaries of PEESE.</param>
/// <param name="UsesPeese">Whether PET's 95% credible interval for the intercept excludes 0, so PEESE's intercept is reported.</param>
/// <param name="Estimate">The bias-corrected effect: PEESE's intercept when <paramref name="UsesPeese"/>, otherwise PET's.</param>
public sealed record PetPeeseResult(
    SamplingResult Pet,
    SamplingResult Peese,
    DiagnosticReport PetReport,
    DiagnosticReport PeeseReport,
    bool UsesPeese,
    ParameterSummary Estimate);

/// <summary>
/// PET-PEESE (Stanley and Doucouliagos 2014) in Bayesian form: random-effects meta-regressions of the
/// effects on their standard errors (PET) and on their variances (PEESE), whose intercepts estimate the
/// effect of a hypothetical study with no sampling error, i.e. corrected for small-study effects.
/// </summary>
/// <remarks>
/// PET: yᵢ ~ N(β₀ + β₁ √vᵢ + τ zᵢ, vᵢ); PEESE: yᵢ ~ N(β₀ + β₁ vᵢ + τ zᵢ, vᵢ). The conditional rule reports
/// PEESE's intercept when PET's 95% credible interval for β₀ excludes zero (there is an effect, and PET is
/// known to be biased towards zero then), otherwise PET's.
/// </remarks>
public static class BayesianPetPeese
{
    /// <summary>The PET meta-regression on the standard errors (moderator <c>sei</c>).</summary>
    public static NonCentredRandomEffectsModel Pet(EffectData data, NormalPrior interceptPrior, NormalPrior slopePrior, ScalePrior tauPrior)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new NonCentredRandomEffectsModel(data, interceptPrior, tauPrior, Design(data, "sei", v => Math.Sqrt(v)), slopePrior);
    }

    /// <summary>The PEESE meta-regression on the variances (moderator <c>vi</c>).</summary>
    public static NonCentredRandomEffectsModel Peese(EffectData data, NormalPrior interceptPrior, NormalPrior slopePrior, ScalePrior tauPrior)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new NonCentredRandomEffectsModel(data, interceptPrior, tauPrior, Design(data, "vi", v => v), slopePrior);
    }

    /// <summary>Samples both models and applies the conditional rule.</summary>
    public static PetPeeseResult Fit(
        EffectData data,
        NormalPrior interceptPrior,
        NormalPrior slopePrior,
        ScalePrior tauPrior,
        SamplerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var pet = Pet(data, interceptPrior, slopePrior, tauPrior);
        var peese = Peese(data, interceptPrior, slopePrior, tauPrior);
        var petResult = Sampler.Run(pet, options, cancellationToken: cancellationToken);
        var peeseResult = Sampler.Run(peese, options, cancellationToken: cancellationToken);
        string[] petNames = [.. pet.CoefficientNames, "tau"];
        string[] peeseNames = [.. peese.CoefficientNames, "tau"];
        var petReport = DiagnosticReport.Create(petResult, petNames);
        var peeseReport = DiagnosticReport.Create(peeseResult, peeseNames);
        var petIntercept = petReport[pet.CoefficientNames[0]];
        var usesPeese = UsesPeese(petIntercept);
        var estimate = usesPeese ? peeseReport[peese.CoefficientNames[0]] : petIntercept;
        return new PetPeeseResult(petResult, peeseResult, petReport, peeseReport, usesPeese, estimate);
    }

    /// <summary>The conditional rule: PEESE's intercept is reported when PET's 95% credible interval for the intercept excludes 0.</summary>
    public static bool UsesPeese(ParameterSummary petIntercept)
    {
        ArgumentNullException.ThrowIfNull(petIntercept);
        return petIntercept.Q025 > 0 || petIntercept.Q975 < 0;
    }

    private static DesignMatrix Design(EffectData data, string name, Func<double, double> predictor) =>
        DesignMatrix.FromColumns(
        [
            (DesignMatrix.InterceptName, Enumerable.Repeat(1.0, data.K).ToArray()),
            (name, data.Vi.Select(predictor).ToArray()),
        ]);
}
