using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>Turns the priors of a spec into Core's prior objects, which check their own parameters.</summary>
public static class PriorReader
{
    /// <summary>The prior on a standard deviation at <paramref name="path"/> (e.g. <c>spec.priors.tau</c>), or null when not given.</summary>
    public static ScalePrior? Scale(ScalePriorSpec? prior, string path) => prior is null
        ? null
        : prior.DistCase switch
        {
            ScalePriorSpec.DistOneofCase.HalfNormal => ScalePrior.HalfNormal(prior.HalfNormal.Scale, $"{path}.half_normal"),
            ScalePriorSpec.DistOneofCase.HalfCauchy => ScalePrior.HalfCauchy(prior.HalfCauchy.Scale, $"{path}.half_cauchy"),
            ScalePriorSpec.DistOneofCase.HalfT => ScalePrior.HalfStudentT(prior.HalfT.Df, prior.HalfT.Scale, $"{path}.half_t"),
            ScalePriorSpec.DistOneofCase.Uniform => ScalePrior.Uniform(prior.Uniform.Upper, $"{path}.uniform"),
            ScalePriorSpec.DistOneofCase.InvGammaTau2 => ScalePrior.InverseGammaOnTau2(prior.InvGammaTau2.Shape, prior.InvGammaTau2.Scale, $"{path}.inv_gamma_tau2"),
            ScalePriorSpec.DistOneofCase.LogNormalTau2 => ScalePrior.LogNormalOnTau2(prior.LogNormalTau2.Meanlog, prior.LogNormalTau2.Sdlog, $"{path}.log_normal_tau2"),
            _ => throw new InvalidInputException(path, "needs a distribution: half_normal, half_cauchy, half_t, uniform, inv_gamma_tau2 or log_normal_tau2"),
        };

    /// <summary>The normal prior at <paramref name="path"/>, or null when not given.</summary>
    public static NormalPrior? Normal(NormalPriorSpec? prior, string path) =>
        prior is null ? null : NormalPrior.Create(prior.Mean, prior.Sd, path);

    /// <summary>Checks a log-normal prior (the ED50 of an Emax curve).</summary>
    public static void CheckLogNormal(LogNormalPriorSpec? prior, string path)
    {
        if (prior is not null)
        {
            Guard.Finite(prior.Meanlog, $"{path}.meanlog");
            Guard.Positive(prior.Sdlog, $"{path}.sdlog");
        }
    }
}
