using System.Text.Json.Nodes;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.PublicationBias.Selection;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>selmodel</c>: metafor's <c>selmodel</c> on an ML random-effects fit (or meta-regression on
/// <c>data.moderators</c>), any of its weight functions (<c>type</c>, with <c>steps</c> for <c>stepfun</c>) and
/// <c>alternative</c> greater or less. Figures: <c>beta se</c> (arrays, intercept first), <c>tau2 tau2_se</c>,
/// <c>delta delta_se</c> (arrays; the fixed δ₁ of the step function has no standard error, so null),
/// <c>lrt lrt_df lrt_pval loglik</c>.
/// </summary>
/// <remarks>
/// The contract has no selection model yet, so the case is fitted with Core's <see cref="SelectionModel"/>
/// directly, as the other tasks without a contract route do.
/// </remarks>
public sealed class SelmodelTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "selmodel";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var options = testCase.Options;
        var method = CaseReader.Text(options, "method") ?? "ML";
        if (!string.Equals(method, "ML", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedCaseException($"method '{method}' is not supported: selection models are fitted by ML");
        }

        var type = CaseReader.Text(options, "type") ?? throw new FormatException("options.type is required");
        var alternative = (CaseReader.Text(options, "alternative") ?? "greater") switch
        {
            "greater" => SelectionAlternative.Greater,
            "less" => SelectionAlternative.Less,
            var other => throw new UnsupportedCaseException($"alternative '{other}' is not supported (greater or less)"),
        };
        var weights = SelectionWeightFunction.FromType(type, CaseReader.OptionalNumbers(options, "steps"));
        var data = EffectData.Create(CaseReader.Numbers(testCase.Data, "yi"), CaseReader.Numbers(testCase.Data, "vi"));
        var design = DesignMatrix.Create(data.K, CaseReader.Moderators(testCase.Data));

        var fit = SelectionModel.Fit(data, weights, alternative, design, CaseReader.Level(options));

        return new JsonObject
        {
            ["beta"] = Figures.Array(fit.Coefficients.Select(c => c.Estimate)),
            ["se"] = Figures.Array(fit.Coefficients.Select(c => c.StandardError)),
            ["tau2"] = fit.Tau2,
            ["tau2_se"] = OrNull(fit.Tau2StandardError),
            ["delta"] = Figures.Array(fit.Deltas),
            ["delta_se"] = new JsonArray(fit.DeltaStandardErrors.Select(OrNull).ToArray()),
            ["lrt"] = fit.LikelihoodRatio,
            ["lrt_df"] = fit.LikelihoodRatioDegreesOfFreedom,
            ["lrt_pval"] = fit.LikelihoodRatioPValue,
            ["loglik"] = fit.LogLikelihood,
        };
    }

    /// <summary>A standard error that does not exist (a fixed δ, an estimate at a bound) is null, as metafor's NA.</summary>
    private static JsonNode? OrNull(double value) => double.IsNaN(value) ? null : JsonValue.Create(value);
}
