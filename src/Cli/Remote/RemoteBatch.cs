using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Remote;

/// <summary>A plan in the service's terms: the batch request and what did not carry over unchanged.</summary>
/// <param name="Request">One data set and one model per plan model (plus the publication-bias checks).</param>
/// <param name="Notes">Where the service's analysis differs from the local one.</param>
public sealed record RemoteBatch(SubmitBatchRequest Request, IReadOnlyList<RemoteNote> Notes)
{
    /// <summary>The notes that apply when only <paramref name="model"/> is submitted, or all of them for the batch (null).</summary>
    public IReadOnlyList<RemoteNote> NotesFor(string? model) => model is null ? Notes : Notes.Where(n => n.Model == model).ToArray();

    /// <summary>The models' names, in the request's order (the server names them <c>models[i]</c> in errors).</summary>
    public IReadOnlyList<string> ModelNames => Request.Models.Select(m => m.Name).ToArray();

    /// <summary>The model called <paramref name="name"/> as a spec of its own (one job instead of a batch).</summary>
    /// <exception cref="InvalidInputException">No model has that name (the field is <c>--model</c>).</exception>
    public ModelSpec Spec(string name)
    {
        var model = Request.Models.FirstOrDefault(m => m.Name == name)
            ?? throw new InvalidInputException("--model", $"'{name}' is not a model of the plan; its models are: {string.Join("; ", ModelNames)}");
        return new ModelSpec
        {
            Data = Request.Data.Clone(),
            Model = model.Model.Clone(),
            Engine = model.Engine?.Clone(),
            Priors = model.Priors?.Clone(),
            Report = model.Report?.Clone(),
        };
    }
}
