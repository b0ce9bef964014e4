using System.Text.Json.Nodes;
using MetaAnalysis.Core.EffectSizes;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// The <c>effect_size</c> task: metafor's <c>escalc</c> on the case's raw columns. Options: <c>measure</c>
/// (required), metafor's <c>add</c> and <c>to</c> (zero-cell handling), and <c>vtype</c> (only the default
/// <c>LS</c> is supported). Figures: <c>yi</c> and <c>vi</c>.
/// </summary>
public sealed class EffectSizeTask : IConformanceTask
{
    private static readonly HashSet<string> KnownOptions = new(StringComparer.Ordinal) { "measure", "add", "to", "vtype" };

    /// <inheritdoc />
    public string Name => "effect_size";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var options = testCase.Options;
        var unknown = options.Select(o => o.Key).Where(k => !KnownOptions.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new UnsupportedCaseException($"options not supported for effect_size: {string.Join(", ", unknown)}");
        }

        var code = CaseReader.Text(options, "measure") ?? throw new FormatException("options.measure is required");
        if (!EffectSizeMeasureCode.TryParse(code, out var measure))
        {
            throw new UnsupportedCaseException($"measure '{code}' is not supported (supported: {string.Join(", ", EffectSizeMeasureCode.All)})");
        }

        var vtype = CaseReader.Text(options, "vtype");
        if (vtype is not null and not "LS")
        {
            throw new UnsupportedCaseException($"vtype '{vtype}' is not supported (only LS)");
        }

        var data = testCase.Data;
        var input = new EffectSizeInput
        {
            Ai = CaseReader.OptionalNumbers(data, "ai"),
            Bi = CaseReader.OptionalNumbers(data, "bi"),
            Ci = CaseReader.OptionalNumbers(data, "ci"),
            Di = CaseReader.OptionalNumbers(data, "di"),
            N1i = CaseReader.OptionalNumbers(data, "n1i"),
            N2i = CaseReader.OptionalNumbers(data, "n2i"),
            M1i = CaseReader.OptionalNumbers(data, "m1i"),
            M2i = CaseReader.OptionalNumbers(data, "m2i"),
            Sd1i = CaseReader.OptionalNumbers(data, "sd1i"),
            Sd2i = CaseReader.OptionalNumbers(data, "sd2i"),
            Ni = CaseReader.OptionalNumbers(data, "ni"),
            Ri = CaseReader.OptionalNumbers(data, "ri"),
            Xi = CaseReader.OptionalNumbers(data, "xi"),
        };
        var effectSizeOptions = new EffectSizeOptions
        {
            ZeroCellCorrection = ZeroCellCorrection.FromMetaforArguments(CaseReader.Text(options, "to"), CaseReader.Number(options, "add")),
        };

        var result = EffectSizeCalculator.Compute(measure.Value, input, effectSizeOptions);
        return new JsonObject
        {
            ["yi"] = Figures.Array(result.Yi),
            ["vi"] = Figures.Array(result.Vi),
        };
    }
}
