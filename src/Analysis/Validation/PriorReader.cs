using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>Turns the priors of a spec into Core's prior objects, which check their own parameters.</summary>
public static class PriorReader
{
    /// <summary>Every prior of <paramref name="priors"/> at <paramref name="path"/> (e.g. <c>spec.priors</c>).</summary>
    public static AnalysisPriors Read(Priors? priors, string path) => priors is null
        ? AnalysisPriors.None
        : new AnalysisPriors(
            Normal(priors.Mu, $"{path}.mu"),
            Normal(priors.Slopes, $"{path}.slopes"),
            Scale(priors.Tau, $"{path}.tau"),
            Scale(priors.SigmaBetween, $"{path}.sigma_between"),
            Scale(priors.SigmaWithin, $"{path}.sigma_within"),
            Normal(priors.E0, $"{path}.e0"),
            Normal(priors.Emax, $"{path}.emax"),
            Positive(priors.Ed50, $"{path}.ed50"),
            Normal(priors.ScaleIntercept, $"{path}.scale_intercept"),
            Normal(priors.ScaleSlopes, $"{path}.scale_slopes"));

    private static ScalePrior? Scale(ScalePriorSpec? prior, string path) => prior is null
        ? null
        : prior.DistCase switch
        {
            ScalePriorSpec.DistOneofCase.HalfNormal => ScalePrior.HalfNormal(prior.HalfNormal.Scale, $"{path}.half_normal"),
            ScalePriorSpec.DistOneofCase.HalfCauchy => ScalePrior.HalfCauchy(prior.HalfCauchy.Scale, $"{path}.half_cauchy"),
            ScalePriorSpec.DistOneofCase.HalfT => ScalePrior.HalfStudentT(prior.HalfT.Df, prior.HalfT.Scale, $"{path}.half_t"),
            ScalePriorSpec.DistOneofCase.Uniform => ScalePrior.Uniform(prior.Uniform.Upper, $"{path}.uniform"),
            ScalePriorSpec.DistOneofCase.InvGammaTau2 => ScalePrior.InverseGammaOnTau2(prior.InvGammaTau2.Shape, prior.InvGammaTau2.Scale, $"{path}.inv_gamma_tau2"),
            ScalePriorSpec.DistOneofCase.LogNormalTau2 => ScalePrior.LogNormalOnTau2(prior.LogNormalTau2.Meanlog, prior.LogNormalTau2.Sdlog, $"{path}.log_normal_tau2"),
            ScalePriorSpec.DistOneofCase.Tabulated => Tabulated(prior.Tabulated, $"{path}.tabulated"),
            _ => throw new InvalidInputException(path, "needs a distribution: half_normal, half_cauchy, half_t, uniform, inv_gamma_tau2, log_normal_tau2 or tabulated"),
        };

    private static ScalePrior Tabulated(ScalePriorSpec.Types.Tabulated table, string path)
    {
        if (table.Tau.Count > SpecLimits.MaxTabulatedPoints)
        {
            throw new InvalidInputException($"{path}.tau", $"has {table.Tau.Count} points; at most {SpecLimits.MaxTabulatedPoints} are allowed");
        }

        return ScalePrior.Tabulated(table.Tau, table.Density, path);
    }

    private static NormalPrior? Normal(NormalPriorSpec? prior, string path) =>
        prior is null ? null : NormalPrior.Create(prior.Mean, prior.Sd, path);

    /// <summary>The prior on a positive parameter at <paramref name="path"/>, or null when not given.</summary>
    public static PositivePrior? Positive(PositivePriorSpec? prior, string path) => prior is null
        ? null
        : prior.DistCase switch
        {
            PositivePriorSpec.DistOneofCase.LogNormal => PositivePrior.LogNormal(prior.LogNormal.Meanlog, prior.LogNormal.Sdlog, $"{path}.log_normal"),
            PositivePriorSpec.DistOneofCase.Gamma => PositivePrior.Gamma(prior.Gamma.Shape, prior.Gamma.Rate, $"{path}.gamma"),
            _ => throw new InvalidInputException(path, "needs a distribution: log_normal or gamma"),
        };
}
