using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Priors;
using MetaAnalysis.Core.Bayesian.Priors;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// The priors a Bayesian model of the plan needs, read and checked when the plan is read (so a batch fails
/// before its first fit, not in the middle): <c>mu</c> (or <c>intercept</c>) and <c>slopes</c> on the
/// coefficients, <c>tau</c> or <c>sigma_between</c>/<c>sigma_within</c> on the standard deviations, and
/// <c>e0</c>, <c>emax</c>, <c>ed50</c> for the Emax curve.
/// </summary>
/// <remarks>
/// The exact engine accepts flat priors on coefficients (absent or {dist: flat}), but then has no marginal
/// likelihood or Bayes factor; the sampler needs proper normal priors.
/// </remarks>
public sealed record ModelPriors(
    NormalPrior? Intercept,
    NormalPrior? Slopes,
    ScalePrior? Tau,
    ScalePrior? SigmaBetween,
    ScalePrior? SigmaWithin,
    NormalPrior? E0,
    NormalPrior? Emax,
    PositivePrior? Ed50)
{
    /// <summary>The names a priors object may have.</summary>
    public static readonly IReadOnlyList<string> Names = ["mu", "intercept", "slopes", "tau", "sigma_between", "sigma_within", "e0", "emax", "ed50"];

    /// <summary>Reads the priors of a model fitted by <paramref name="engine"/> with <paramref name="structure"/> and <paramref name="curve"/>.</summary>
    public static ModelPriors Read(JsonObject? priors, ModelEngine engine, ModelStructure structure, DoseCurve? curve, string modelPath)
    {
        var path = $"{modelPath}.priors";
        if (priors is null)
        {
            throw new InvalidInputException(path, "is required for a Bayesian model (e.g. tau: {dist: half_normal, scale: 0.5})");
        }

        PlanFields.RequireKnown(priors, path, Names);
        if (curve == DoseCurve.Emax)
        {
            return new ModelPriors(null, null, PriorReader.Scale(priors, "tau", path), null, null,
                PriorReader.Normal(priors, "e0", path),
                PriorReader.Normal(priors, "emax", path),
                PriorReader.Positive(PriorReader.Node(priors, "ed50", path), $"{path}.ed50"));
        }

        var interceptName = priors.ContainsKey("mu") ? "mu" : "intercept";
        var intercept = engine == ModelEngine.Nuts ? PriorReader.Normal(priors, interceptName, path) : PriorReader.Location(priors, interceptName, path);
        var slopes = PriorReader.Location(priors, "slopes", path);
        return structure == ModelStructure.ThreeLevel
            ? new ModelPriors(intercept, slopes, null, PriorReader.Scale(priors, "sigma_between", path), PriorReader.Scale(priors, "sigma_within", path), null, null, null)
            : new ModelPriors(intercept, slopes, PriorReader.Scale(priors, "tau", path), null, null, null, null, null);
    }
}
