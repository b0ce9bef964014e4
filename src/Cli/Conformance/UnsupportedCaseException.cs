namespace MetaAnalysis.Cli.Conformance;

/// <summary>A case of a known task with options the engines do not support yet; the runner counts it as skipped.</summary>
public sealed class UnsupportedCaseException(string reason) : Exception(reason);
