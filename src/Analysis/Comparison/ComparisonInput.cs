using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Analysis.Comparison;

/// <summary>One model of a finished batch: its name, job and result (null when the job did not succeed).</summary>
public sealed record ComparisonInput(string Name, string JobId, FitResult? Result);
