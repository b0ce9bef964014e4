using System.Text.Json.Nodes;
using MetaAnalysis.Cli.Priors;
using MetaAnalysis.Core.Bayesian.Models;
using MetaAnalysis.Core.Bayesian.Nuts;
using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>bayes_dose_response</c> with <c>curve: emax</c>: E0 + Emax d / (ED50 + d) with a study random effect,
/// fitted by NUTS. Figures: <c>e0 emax ed50 tau</c>, each {mean sd median q025 q975 mcse}.
/// </summary>
/// <remarks>Rows sharing a <c>study</c> (or <c>cluster</c>) label share a random effect; without one every row is its own study.</remarks>
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

        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));
        var dose = CaseReader.Numbers(testCase.Data, "dose");
        var studyField = testCase.Data.ContainsKey("study") ? "study" : testCase.Data.ContainsKey("cluster") ? "cluster" : null;
        var studies = studyField is null ? null : CaseReader.Labels(testCase.Data, studyField);
        var priors = NutsCaseReading.Priors(testCase);
        var model = new EmaxDoseResponseModel(
            data,
            dose,
            PriorReader.Normal(priors, "e0"),
            PriorReader.Normal(priors, "emax"),
            PriorReader.Positive(PriorReader.Node(priors, "ed50"), "priors.ed50"),
            PriorReader.Scale(priors, "tau"),
            studies);
        var result = Sampler.Run(model, NutsCaseReading.Options);
        return new JsonObject
        {
            ["e0"] = NutsCaseReading.Summary("e0", result.Draws("e0")),
            ["emax"] = NutsCaseReading.Summary("emax", result.Draws("emax")),
            ["ed50"] = NutsCaseReading.Summary("ed50", result.Draws("ed50")),
            ["tau"] = NutsCaseReading.Summary("tau", result.Draws("tau")),
        };
    }
}
