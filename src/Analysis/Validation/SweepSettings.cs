using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>A correlation sweep: the correlations and the models refitted at each, each validated on the data.</summary>
/// <param name="Correlations">The assumed pre/post correlations, or working correlations of the sampling errors.</param>
/// <param name="Models">The models, by name, as specs without data (the sweep supplies it).</param>
/// <param name="SamplingErrors">Whether the sampling errors' working correlation is swept (three-level models) rather than the pre/post correlation.</param>
public sealed record SweepSettings(IReadOnlyList<double> Correlations, IReadOnlyList<NamedModel> Models, bool SamplingErrors);
