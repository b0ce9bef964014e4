namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// A model the sampler can run and report on: the log density, the names of its parameters on their
/// natural scale and the maps between the two scales.
/// </summary>
/// <remarks>
/// Each draw is reported as <see cref="OutputNames"/>: first the <see cref="ILogDensityModel.Dimension"/>
/// parameters on their natural (constrained) scale, in the order of <see cref="ParameterNames"/>, then any
/// derived quantities (study effects of a non-centred model, for instance). Chains run in parallel on
/// one model object, so every member must be safe to call from several threads at once (keep scratch
/// space on the stack or per call, never in fields).
/// </remarks>
public interface IModel : ILogDensityModel
{
    /// <summary>Names of the parameters on their natural scale, one per unconstrained coordinate.</summary>
    IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Names of everything <see cref="Constrain"/> writes: the parameters, then derived quantities.</summary>
    IReadOnlyList<string> OutputNames { get; }

    /// <summary>Writes the parameters on their natural scale and the derived quantities (<see cref="OutputNames"/>).</summary>
    void Constrain(ReadOnlySpan<double> unconstrained, Span<double> output);

    /// <summary>Maps parameters on their natural scale (<see cref="ParameterNames"/> order) to the unconstrained scale.</summary>
    void Unconstrain(ReadOnlySpan<double> constrained, Span<double> unconstrained);
}
