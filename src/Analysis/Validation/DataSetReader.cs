using System.Globalization;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.EffectSizes;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// Turns the data of a spec into <see cref="DataSetRows"/>, checking everything Core would reject and
/// naming the field by its path in the request (e.g. <c>spec.data.effect_sizes.vi[3]</c>). Missing values
/// (NaN, an empty level or cluster) are kept: each model takes the rows complete in what it uses.
/// </summary>
public static class DataSetReader
{
    /// <summary>Reads and validates <paramref name="data"/>, found at <paramref name="path"/> in the request.</summary>
    /// <exception cref="InvalidInputException">The data cannot be used; the field path starts with <paramref name="path"/>.</exception>
    public static DataSetRows Read(DataSet? data, string path)
    {
        if (data is null)
        {
            throw new InvalidInputException(path, "is required");
        }

        var (effects, computed, effectsPath) = data.EffectsCase switch
        {
            DataSet.EffectsOneofCase.EffectSizes => (ReadEffectSizes(data.EffectSizes, $"{path}.effect_sizes"), null, $"{path}.effect_sizes"),
            DataSet.EffectsOneofCase.Raw => ComputeEffectSizes(data.Raw, $"{path}.raw"),
            _ => throw new InvalidInputException(path, "needs either effect_sizes (yi, vi) or raw columns with a measure"),
        };

        var k = effects.Yi.Length;
        var labels = ReadLabels(data.Labels, k, $"{path}.labels");
        var clusters = data.Clusters.Count == 0 ? null : ReadTexts(data.Clusters, k, $"{path}.clusters", "yi", missingAllowed: true);
        var moderators = ReadModerators(data.Moderators, k, $"{path}.moderators");
        double[]? dose = null;
        if (data.Dose.Count > 0)
        {
            Guard.SameLength(data.Dose, $"{path}.dose", k, "the effects");
            dose = data.Dose.ToArray();
            CheckPresent(dose, $"{path}.dose", d => double.IsFinite(d) && d >= 0, "must be a finite number of at least 0");
        }

        return new DataSetRows(path, effectsPath, effects.Yi, effects.Vi, labels, computed, clusters, moderators, dose, data.MissingValues == MissingValues.Fail ? MissingValues.Fail : MissingValues.Omit);
    }

    private static (double[] Yi, double[] Vi) ReadEffectSizes(EffectSizes effects, string path)
    {
        CheckCount(effects.Yi.Count, $"{path}.yi");
        Guard.SameLength(effects.Vi, $"{path}.vi", effects.Yi.Count, "yi");
        var yi = effects.Yi.ToArray();
        var vi = effects.Vi.ToArray();
        CheckPresent(yi, $"{path}.yi", double.IsFinite, "must be a finite number");
        CheckPresent(vi, $"{path}.vi", v => double.IsFinite(v) && v > 0, "must be a finite number greater than 0");
        return (yi, vi);
    }

    /// <summary>Requires every value that is not missing (NaN) to be <paramref name="valid"/>.</summary>
    private static void CheckPresent(IReadOnlyList<double> values, string path, Func<double, bool> valid, string requirement)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsNaN(values[i]) && !valid(values[i]))
            {
                throw new InvalidInputException(Guard.Element(path, i), $"{requirement}, got {values[i].ToString("R", CultureInfo.InvariantCulture)}");
            }
        }
    }

    private static ((double[] Yi, double[] Vi) Effects, EffectSizeResult Computed, string Path) ComputeEffectSizes(RawColumns raw, string path)
    {
        var measure = EffectSizeMeasureCode.Parse(raw.Measure, $"{path}.measure");
        var input = new EffectSizeInput
        {
            Ai = Column(raw.Ai, $"{path}.ai"),
            Bi = Column(raw.Bi, $"{path}.bi"),
            Ci = Column(raw.Ci, $"{path}.ci"),
            Di = Column(raw.Di, $"{path}.di"),
            N1i = Column(raw.N1I, $"{path}.n1i"),
            N2i = Column(raw.N2I, $"{path}.n2i"),
            M1i = Column(raw.M1I, $"{path}.m1i"),
            M2i = Column(raw.M2I, $"{path}.m2i"),
            Sd1i = Column(raw.Sd1I, $"{path}.sd1i"),
            Sd2i = Column(raw.Sd2I, $"{path}.sd2i"),
            Ni = Column(raw.Ni, $"{path}.ni"),
            Ri = Column(raw.Ri, $"{path}.ri"),
            Xi = Column(raw.Xi, $"{path}.xi"),
        };
        var options = EffectSizeOptions.Default;
        if (raw.HasImputedCorrelation)
        {
            if (!EffectSizeMeasureCode.UsesPrePostCorrelation(measure))
            {
                throw new InvalidInputException($"{path}.imputed_correlation", $"applies only to the pre/post measures MC, SMCC, SMCR and SMCRH, not {raw.Measure}");
            }

            var r = raw.ImputedCorrelation;
            if (!double.IsFinite(r) || r < -1 || r > 1)
            {
                throw new InvalidInputException($"{path}.imputed_correlation", string.Create(CultureInfo.InvariantCulture, $"must be a correlation between -1 and 1, got {r}"));
            }

            options = options with { ImputedCorrelation = raw.ImputedCorrelation };
        }

        if (raw.HasZeroCellAdd || !string.IsNullOrEmpty(raw.ZeroCellTo))
        {
            if (!double.IsFinite(raw.ZeroCellAdd) || raw.ZeroCellAdd < 0)
            {
                throw new InvalidInputException($"{path}.zero_cell_add", string.Create(CultureInfo.InvariantCulture, $"must be a finite number of at least 0, got {raw.ZeroCellAdd}"));
            }

            var to = string.IsNullOrEmpty(raw.ZeroCellTo) ? null : raw.ZeroCellTo;
            if (to is not null && to is not ("only0" or "all" or "if0all" or "none"))
            {
                throw new InvalidInputException($"{path}.zero_cell_to", $"must be one of only0, all, if0all, none; got {AnalysisValidator.Quote(to)}");
            }

            var correction = Rethrow(path, () => ZeroCellCorrection.FromMetaforArguments(to, raw.HasZeroCellAdd ? raw.ZeroCellAdd : null));
            options = options with { ZeroCellCorrection = correction };
        }

        var computed = Rethrow(path, () => EffectSizeCalculator.Compute(measure, input, options));
        return ((computed.Yi.ToArray(), computed.Vi.ToArray()), computed, path);
    }

    private static double[]? Column(Google.Protobuf.Collections.RepeatedField<double> values, string path)
    {
        if (values.Count == 0)
        {
            return null;
        }

        CheckCount(values.Count, path);
        return values.ToArray();
    }

    private static string[]? ReadLabels(Google.Protobuf.Collections.RepeatedField<string> labels, int k, string path) =>
        labels.Count == 0 ? null : ReadTexts(labels, k, path, "the effects");

    /// <summary>Per-effect texts; with <paramref name="missingAllowed"/> an empty one is missing (and read as ""), else an error.</summary>
    private static string[] ReadTexts(Google.Protobuf.Collections.RepeatedField<string> values, int k, string path, string reference, bool missingAllowed = false)
    {
        Guard.SameLength(values, path, k, reference);
        var texts = values.ToArray();
        for (var i = 0; i < texts.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                texts[i] = missingAllowed ? string.Empty : throw new InvalidInputException(Guard.Element(path, i), "is empty");
                continue;
            }

            CheckText(texts[i], Guard.Element(path, i));
        }

        return texts;
    }

    private static List<ModeratorValues> ReadModerators(Google.Protobuf.Collections.RepeatedField<ModeratorColumn> columns, int k, string path)
    {
        if (columns.Count > SpecLimits.MaxModerators)
        {
            throw new InvalidInputException(path, $"has {columns.Count} moderators; at most {SpecLimits.MaxModerators} are allowed");
        }

        var moderators = new List<ModeratorValues>(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var at = Guard.Element(path, i);
            if (string.IsNullOrWhiteSpace(column.Name))
            {
                throw new InvalidInputException($"{at}.name", "is required");
            }

            CheckText(column.Name, $"{at}.name");
            if (moderators.Any(m => m.Name == column.Name))
            {
                throw new InvalidInputException($"{at}.name", $"{AnalysisValidator.Quote(column.Name)} is used by another moderator");
            }

            moderators.Add(column.ValuesCase switch
            {
                ModeratorColumn.ValuesOneofCase.Continuous => ReadContinuous(column.Name, column.Continuous, k, $"{at}.continuous.values"),
                ModeratorColumn.ValuesOneofCase.Categorical => ReadCategorical(column.Name, column.Categorical, k, $"{at}.categorical"),
                _ => throw new InvalidInputException(at, "needs continuous or categorical values"),
            });
        }

        return moderators;
    }

    private static ModeratorValues ReadContinuous(string name, ContinuousValues values, int k, string path)
    {
        Guard.SameLength(values.Values, path, k, "the effects");
        CheckPresent(values.Values, path, double.IsFinite, "must be a finite number");
        return new ModeratorValues(name, path, values.Values.ToArray(), null, null);
    }

    private static ModeratorValues ReadCategorical(string name, CategoricalValues values, int k, string path)
    {
        var levels = ReadTexts(values.Values, k, $"{path}.values", "the effects", missingAllowed: true);
        var reference = string.IsNullOrEmpty(values.Reference) ? null : values.Reference;
        if (reference is not null && !levels.Contains(reference, StringComparer.Ordinal))
        {
            throw new InvalidInputException($"{path}.reference", $"level {AnalysisValidator.Quote(reference)} does not occur in the values");
        }

        return new ModeratorValues(name, $"{path}.values", null, levels, reference);
    }

    private static void CheckCount(int count, string path)
    {
        if (count > SpecLimits.MaxEffects)
        {
            throw new InvalidInputException(path, string.Create(CultureInfo.InvariantCulture, $"has {count} values; at most {SpecLimits.MaxEffects} effects are allowed"));
        }
    }

    private static void CheckText(string text, string path)
    {
        if (text.Length > SpecLimits.MaxTextLength)
        {
            throw new InvalidInputException(path, string.Create(CultureInfo.InvariantCulture, $"is {text.Length} characters long; at most {SpecLimits.MaxTextLength} are allowed"));
        }
    }

    /// <summary>Runs a Core call and puts <paramref name="path"/> in front of the field it names.</summary>
    private static T Rethrow<T>(string path, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (InvalidInputException exception)
        {
            throw new InvalidInputException($"{path}.{exception.Field}", exception.Problem);
        }
    }
}
