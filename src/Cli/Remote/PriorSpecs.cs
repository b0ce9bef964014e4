using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Remote;

/// <summary>The priors of a plan (as the engines hold them) in the service's terms.</summary>
internal static class PriorSpecs
{
    /// <summary>A normal prior; null (a flat prior, exact engine only) stays unset.</summary>
    public static NormalPriorSpec? Normal(NormalPrior? prior) => prior is null ? null : new NormalPriorSpec { Mean = prior.Mean, Sd = prior.Sd };

    /// <summary>A prior on a standard deviation.</summary>
    /// <exception cref="InvalidInputException">The distribution has no counterpart in the contract (a tabulated prior).</exception>
    public static ScalePriorSpec? Scale(ScalePrior? prior, string field) => prior switch
    {
        null => null,
        HalfNormalPrior p => ScalePriors.HalfNormal(p.Scale),
        HalfStudentTPrior { DegreesOfFreedom: 1 } p => ScalePriors.HalfCauchy(p.Scale),
        HalfStudentTPrior p => ScalePriors.HalfStudentT(p.DegreesOfFreedom, p.Scale),
        UniformPrior p => ScalePriors.Uniform(p.UpperBound),
        InverseGammaOnTau2Prior p => ScalePriors.InverseGammaOnTau2(p.Shape, p.Scale),
        LogNormalOnTau2Prior p => ScalePriors.LogNormalOnTau2(p.MeanLog, p.SdLog),
        _ => throw new InvalidInputException(field, $"{prior} cannot be sent to the service, which takes half_normal, half_cauchy, half_t, uniform, inv_gamma_tau2 and log_normal_tau2; fit this model locally (compare)"),
    };

    /// <summary>The ED50 prior of an Emax curve, which the contract states as log-normal.</summary>
    /// <exception cref="InvalidInputException">The prior is not log-normal.</exception>
    public static LogNormalPriorSpec? LogNormal(PositivePrior? prior, string field) => prior switch
    {
        null => null,
        LogNormalPrior p => new LogNormalPriorSpec { Meanlog = p.MeanLog, Sdlog = p.SdLog },
        _ => throw new InvalidInputException(field, $"{prior} cannot be sent to the service, whose ED50 prior is log_normal; fit this model locally (compare)"),
    };
}
