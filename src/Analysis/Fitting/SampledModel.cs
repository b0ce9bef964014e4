using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Analysis.Validation;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// A request's model in the sampler's terms: the log density, the quantities reported, what a new
/// study's true effect is made of (when it is a normal around one location), and what PSIS-LOO leaves out.
/// </summary>
/// <param name="Model">The model the sampler runs.</param>
/// <param name="Quantities">The outputs summarized in the result (coefficients and scales; not the per-study effects).</param>
/// <param name="PredictiveLocation">The location of a new study's effect (null when it is not a single normal).</param>
/// <param name="PredictiveScales">The standard deviations whose squares add up to a new study's variance around the location.</param>
/// <param name="LooUnit">What one PSIS-LOO observation is.</param>
internal sealed record SampledModel(IModel Model, string[] Quantities, string? PredictiveLocation, string[] PredictiveScales, string LooUnit)
{
    /// <summary>
    /// Prior on each study's baseline log odds in the binomial-normal model. The spec has no field for it:
    /// the baselines are nuisance parameters that each study's control arm informs, so a wide normal on the
    /// logit scale leaves them to the data.
    /// </summary>
    public static readonly NormalPrior BaselinePrior = NormalPrior.Create(0, 10, "baseline");

    /// <summary>The sampled model of <paramref name="request"/>; its priors passed validation.</summary>
    public static SampledModel For(AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = request.Spec;
        var priors = spec.Priors;
        var effects = request.Data.Effects;
        var slopes = PriorReader.Normal(priors.Slopes, "spec.priors.slopes");

        // Without an intercept every coefficient takes the slopes prior; the models still want one to hand.
        var mu = PriorReader.Normal(priors.Mu, "spec.priors.mu") ?? slopes!;
        var design = request.Design;
        var predictiveLocation = design.HasModerators ? null : "mu";
        switch (request.Model)
        {
            case Contracts.V1.Model.KindOneofCase.RandomEffects when spec.Model.RandomEffects.Distribution == RandomEffectsDistribution.StudentT:
                var studentT = StudentTRandomEffectsModel.WithKnownDegreesOfFreedom(effects, spec.Model.RandomEffects.StudentTDf, mu, Scale(priors.Tau, "tau"));
                return new SampledModel(studentT, [.. studentT.CoefficientNames, "tau"], null, [], "one effect, given its study's true effect");
            case Contracts.V1.Model.KindOneofCase.ThreeLevel:
                var threeLevel = new NonCentredThreeLevelModel(effects, request.Data.Clusters!, mu, Scale(priors.SigmaBetween, "sigma_between"), Scale(priors.SigmaWithin, "sigma_within"), design, slopes);
                return new SampledModel(threeLevel, [.. threeLevel.CoefficientNames, "sigma_between", "sigma_within"], predictiveLocation, ["sigma_between", "sigma_within"], "one cluster");
            case Contracts.V1.Model.KindOneofCase.DoseResponse when spec.Model.DoseResponse.Curve == DoseResponseCurve.Emax:
                var ed50 = PositivePrior.LogNormal(priors.Ed50.Meanlog, priors.Ed50.Sdlog, "spec.priors.ed50");
                var emax = new EmaxDoseResponseModel(effects, request.Data.Dose!, Normal(priors.E0, "e0"), Normal(priors.Emax, "emax"), ed50, Scale(priors.Tau, "tau"), request.Data.Clusters);
                return new SampledModel(emax, ["e0", "emax", "ed50", "tau"], null, [], request.Data.Clusters is null ? "one effect" : "one cluster");
            case Contracts.V1.Model.KindOneofCase.BinomialNormal:
                var (ai, n1i, ci, n2i) = Tables(spec.Data.Raw);
                var binomial = new Core.Bayesian.Models.BinomialNormalModel(ai, n1i, ci, n2i, mu, Scale(priors.Tau, "tau"), BaselinePrior);
                return new SampledModel(binomial, ["mu", "tau"], "mu", ["tau"], "one study's 2x2 table, given its parameters");
            default:
                var randomEffects = new NonCentredRandomEffectsModel(effects, mu, Scale(priors.Tau, "tau"), design, slopes);
                return new SampledModel(randomEffects, [.. randomEffects.CoefficientNames, "tau"], predictiveLocation, ["tau"], "one effect");
        }
    }

    private static (double[] Ai, double[] N1i, double[] Ci, double[] N2i) Tables(RawColumns raw)
    {
        var ai = raw.Ai.ToArray();
        var ci = raw.Ci.ToArray();
        var n1i = raw.N1I.Count > 0 ? raw.N1I.ToArray() : ai.Zip(raw.Bi, (a, b) => a + b).ToArray();
        var n2i = raw.N2I.Count > 0 ? raw.N2I.ToArray() : ci.Zip(raw.Di, (c, d) => c + d).ToArray();
        return (ai, n1i, ci, n2i);
    }

    private static ScalePrior Scale(ScalePriorSpec? prior, string name) =>
        PriorReader.Scale(prior, $"spec.priors.{name}") ?? throw new InvalidOperationException($"priors.{name} is required and passed validation without it");

    private static NormalPrior Normal(NormalPriorSpec? prior, string name) =>
        PriorReader.Normal(prior, $"spec.priors.{name}") ?? throw new InvalidOperationException($"priors.{name} is required and passed validation without it");
}
