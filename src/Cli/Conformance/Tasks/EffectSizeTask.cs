using System.Text.Json.Nodes;
using Google.Protobuf.Collections;
using Google.Protobuf.Reflection;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.EffectSizes;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// The <c>effect_size</c> task: metafor's <c>escalc</c> on the case's raw columns, the contract's effect-size job. Options: <c>measure</c>
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
        var raw = new RawColumns { Measure = EffectSizeMeasureCode.Of(measure.Value) };

        // The contract names the raw columns by metafor's arguments, as the cases do.
        foreach (var field in RawColumns.Descriptor.Fields.InDeclarationOrder().Where(f => f.IsRepeated && f.FieldType == FieldType.Double))
        {
            if (CaseReader.OptionalNumbers(data, field.Name) is { } values)
            {
                ((RepeatedField<double>)field.Accessor.GetValue(raw)).AddRange(values);
            }
        }

        if (CaseReader.Number(options, "add") is { } add)
        {
            raw.ZeroCellAdd = add;
        }

        raw.ZeroCellTo = CaseReader.Text(options, "to") ?? string.Empty;
        var result = CaseAnalysis.Fit(new ModelSpec { Data = new DataSet { Raw = raw }, Model = new Model { EffectSizes = new EffectSizeSpec() } }).EffectSizes;
        return new JsonObject
        {
            ["yi"] = Figures.Array(result.Yi),
            ["vi"] = Figures.Array(result.Vi),
        };
    }

}
