using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Plans;

/// <summary>A plan as the contract's batch request: what runs locally and what is sent to the service.</summary>
/// <param name="Request">One data set and one model per plan model (plus the sweep and the publication-bias checks).</param>
public sealed record PlanBatch(SubmitBatchRequest Request)
{
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
