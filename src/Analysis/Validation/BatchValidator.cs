using System.Globalization;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// Checks a batch — one data set, several named models — and returns each model as a spec of its own with
/// its validated analysis. The data are read and checked once; errors name <c>data...</c> or
/// <c>models[i]...</c>.
/// </summary>
public static class BatchValidator
{
    /// <summary>Validates <paramref name="request"/>.</summary>
    /// <exception cref="InvalidInputException">Anything is wrong; the field path names the field in the request.</exception>
    public static IReadOnlyList<ValidatedBatchModel> Validate(SubmitBatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return [.. Each(request)];
    }

    /// <summary>
    /// Validates <paramref name="request"/> without keeping each model's analysis once it is checked: what the
    /// server needs, for which a batch of 64 models over 100,000 effects would otherwise hold 64 design matrices.
    /// </summary>
    /// <exception cref="InvalidInputException">Anything is wrong; the field path names the field in the request.</exception>
    public static void Check(SubmitBatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var _ in Each(request))
        {
        }
    }

    private static IEnumerable<ValidatedBatchModel> Each(SubmitBatchRequest request)
    {
        DefinedEnums.Check(request, string.Empty);
        if (request.Models.Count == 0)
        {
            throw new InvalidInputException("models", "is empty; a batch needs at least one model");
        }

        if (request.Models.Count > SpecLimits.MaxBatchModels)
        {
            throw new InvalidInputException("models", string.Create(CultureInfo.InvariantCulture, $"has {request.Models.Count} models; at most {SpecLimits.MaxBatchModels} are allowed"));
        }

        if (request.Title.Length > SpecLimits.MaxTextLength)
        {
            throw new InvalidInputException("title", string.Create(CultureInfo.InvariantCulture, $"is {request.Title.Length} characters long; at most {SpecLimits.MaxTextLength} are allowed"));
        }

        var data = DataSetReader.Read(request.Data, "data");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Models.Count; i++)
        {
            var model = request.Models[i];
            var path = Guard.Element("models", i);
            AnalysisValidator.CheckName(model.Name, $"{path}.name");
            if (!names.Add(model.Name))
            {
                throw new InvalidInputException($"{path}.name", $"{AnalysisValidator.Quote(model.Name)} names another model of the batch");
            }

            var spec = AnalysisValidator.SpecOf(model, request.Data);
            yield return new ValidatedBatchModel(model.Name, spec, AnalysisValidator.Validate(spec, data, path, "data"));
        }
    }
}
