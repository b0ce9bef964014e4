using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.ClientSdk.Builders;

/// <summary>Priors on a standard deviation (τ, σ), named by their parameterisation.</summary>
public static class ScalePriors
{
    /// <summary>Half-normal on τ with the given scale.</summary>
    public static ScalePriorSpec HalfNormal(double scale) => new() { HalfNormal = new ScalePriorSpec.Types.HalfNormal { Scale = scale } };

    /// <summary>Half-Cauchy on τ with the given scale.</summary>
    public static ScalePriorSpec HalfCauchy(double scale) => new() { HalfCauchy = new ScalePriorSpec.Types.HalfCauchy { Scale = scale } };

    /// <summary>Half-Student-t on τ.</summary>
    public static ScalePriorSpec HalfStudentT(double degreesOfFreedom, double scale) => new() { HalfT = new ScalePriorSpec.Types.HalfStudentT { Df = degreesOfFreedom, Scale = scale } };

    /// <summary>Uniform on τ over (0, upper).</summary>
    public static ScalePriorSpec Uniform(double upper) => new() { Uniform = new ScalePriorSpec.Types.UniformScale { Upper = upper } };

    /// <summary>Inverse-gamma on τ².</summary>
    public static ScalePriorSpec InverseGammaOnTau2(double shape, double scale) => new() { InvGammaTau2 = new ScalePriorSpec.Types.InverseGammaOnTau2 { Shape = shape, Scale = scale } };

    /// <summary>Log-normal on τ²: log τ² ~ N(meanlog, sdlog²).</summary>
    public static ScalePriorSpec LogNormalOnTau2(double meanLog, double sdLog) => new() { LogNormalTau2 = new ScalePriorSpec.Types.LogNormalOnTau2 { Meanlog = meanLog, Sdlog = sdLog } };
}
