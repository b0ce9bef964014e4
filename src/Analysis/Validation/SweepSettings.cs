using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>A correlation sweep: the correlations and the models refitted at each, each validated on the data.</summary>
/// <param name="Correlations">The assumed pre/post correlations.</param>
/// <param name="Models">The models, by name, as specs without data (the sweep supplies it).</param>
public sealed record SweepSettings(IReadOnlyList<double> Correlations, IReadOnlyList<NamedModel> Models);
