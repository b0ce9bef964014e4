using System.Text.Json.Nodes;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Bayesian.Models;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>bayes_dose_response</c> with <c>curve: emax</c>: E0 + Emax d / (ED50 + d) with a study random effect,
/// the contract's Emax dose-response model fitted by NUTS. Figures: <c>e0 emax ed50 tau</c>, each
/// {mean sd median q025 q975 mcse}.
/// </summary>
/// <remarks>
/// Rows sharing a <c>study</c> (or <c>cluster</c>) label share a random effect (the three-level structure of
/// an Emax curve); without one, or when every row is its own study, every row is its own study.
/// </remarks>
public sealed class BayesDoseResponseTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "bayes_dose_response";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var curve = CaseReader.Text(testCase.Options, "curve");
        if (curve != "emax")
        {
            throw new UnsupportedCaseException($"curve '{curve}' is not supported by the NUTS dose-response task (emax is)");
        }

        if (testCase.Data["moderators"] is JsonObject { Count: > 0 })
        {
            throw new UnsupportedCaseException("moderators in an Emax dose-response model are not supported");
        }

        var data = CaseAnalysis.EffectSizes(testCase.Data, testCase.Data.ContainsKey("study") ? "study" : "cluster");
        data.Dose.AddRange(CaseReader.Numbers(testCase.Data, "dose"));
        var studies = data.Clusters.Distinct(StringComparer.Ordinal).Count();
        if (studies == data.Clusters.Count)
        {
            // One study per row is the model without a study level, which the contract states without clusters.
            data.Clusters.Clear();
        }

        var spec = new ModelSpec
        {
            Data = data,
            Model = new Model { DoseResponse = new DoseResponseSpec { Curve = DoseResponseCurve.Emax, Structure = data.Clusters.Count > 0 ? Structure.ThreeLevel : Structure.RandomEffects } },
            Engine = new Engine { Nuts = CaseAnalysis.Sampler },
            Priors = CaseAnalysis.Priors(testCase.Options, "e0", "emax", "ed50", "tau"),
        };
        var analysis = CaseAnalysis.Validate(spec);
        var result = CaseAnalysis.Fit(analysis);
        var priors = analysis.Priors;
        var model = new EmaxDoseResponseModel(analysis.Data.Effects, analysis.Dose!.ScaledDoses, priors.E0!, priors.Emax!, priors.Ed50!, priors.Tau!, analysis.ThreeLevel ? analysis.Data.Clusters : null);
        return NutsCaseReading.Summaries(result, analysis, model, "e0", "emax", "ed50", "tau");
    }
}
