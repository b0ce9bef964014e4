using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Plans;

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
        TabulatedPrior p => Tabulated(p),
        _ => throw new InvalidInputException(field, $"{prior} has no counterpart in the contract"),
    };

    private static ScalePriorSpec Tabulated(TabulatedPrior prior)
    {
        var table = new ScalePriorSpec.Types.Tabulated();
        table.Tau.AddRange(prior.Points);
        table.Density.AddRange(prior.Densities);
        return new ScalePriorSpec { Tabulated = table };
    }

    /// <summary>The ED50 prior of an Emax curve: log-normal or gamma.</summary>
    public static PositivePriorSpec? Positive(PositivePrior? prior, string field) => prior switch
    {
        null => null,
        LogNormalPrior p => new PositivePriorSpec { LogNormal = new PositivePriorSpec.Types.LogNormal { Meanlog = p.MeanLog, Sdlog = p.SdLog } },
        GammaPrior p => new PositivePriorSpec { Gamma = new PositivePriorSpec.Types.Gamma { Shape = p.Shape, Rate = p.Rate } },
        _ => throw new InvalidInputException(field, $"{prior} has no counterpart in the contract"),
    };
}
