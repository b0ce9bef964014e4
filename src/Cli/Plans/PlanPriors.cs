using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Priors;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// The priors object of a plan's Bayesian model, read into the contract's <see cref="Contracts.V1.Priors"/>:
/// <c>mu</c> (or <c>intercept</c>) and <c>slopes</c> on the coefficients, <c>tau</c> or
/// <c>sigma_between</c>/<c>sigma_within</c> on the standard deviations, and <c>e0</c>, <c>emax</c>,
/// <c>ed50</c> (with <c>tau</c>) for the Emax curve. Their values are checked by the analysis layer's
/// validator with every other field of the request.
/// </summary>
/// <remarks>
/// The exact engine accepts flat priors on coefficients (absent or {dist: flat}), but then has no marginal
/// likelihood or Bayes factor; the sampler needs proper normal priors.
/// </remarks>
public static class PlanPriors
{
    /// <summary>The names a priors object may have.</summary>
    public static readonly IReadOnlyList<string> Names = ["mu", "intercept", "slopes", "tau", "sigma_between", "sigma_within", "e0", "emax", "ed50", "scale_intercept", "scale_slopes"];

    /// <summary>
    /// Reads the priors of a model fitted by <paramref name="engine"/> with <paramref name="structure"/> and <paramref name="curve"/>;
    /// a location-scale model (<paramref name="locationScale"/>) takes normal priors on its scale coefficients instead of one on τ.
    /// </summary>
    public static Contracts.V1.Priors Read(JsonObject? priors, ModelEngine engine, ModelStructure structure, DoseCurve? curve, string modelPath, bool locationScale = false)
    {
        var path = $"{modelPath}.priors";
        if (priors is null)
        {
            throw new InvalidInputException(path, "is required for a Bayesian model (e.g. tau: {dist: half_normal, scale: 0.5})");
        }

        PlanFields.RequireKnown(priors, path, Names);
        if (curve == DoseCurve.Emax)
        {
            return new Contracts.V1.Priors
            {
                Tau = PriorSpecReader.Scale(priors, "tau", path),
                E0 = PriorSpecReader.Normal(priors, "e0", path),
                Emax = PriorSpecReader.Normal(priors, "emax", path),
                Ed50 = PriorSpecReader.Positive(priors, "ed50", path),
            };
        }

        var interceptName = priors.ContainsKey("mu") ? "mu" : "intercept";
        var read = new Contracts.V1.Priors
        {
            Mu = engine == ModelEngine.Nuts ? PriorSpecReader.Normal(priors, interceptName, path) : PriorSpecReader.Location(priors, interceptName, path),
            Slopes = PriorSpecReader.Location(priors, "slopes", path),
        };
        if (locationScale)
        {
            read.ScaleIntercept = PriorSpecReader.Normal(priors, "scale_intercept", path);
            read.ScaleSlopes = PriorSpecReader.Normal(priors, "scale_slopes", path);
        }
        else if (structure == ModelStructure.ThreeLevel)
        {
            read.SigmaBetween = PriorSpecReader.Scale(priors, "sigma_between", path);
            read.SigmaWithin = PriorSpecReader.Scale(priors, "sigma_within", path);
        }
        else
        {
            read.Tau = PriorSpecReader.Scale(priors, "tau", path);
        }

        return read;
    }
}
