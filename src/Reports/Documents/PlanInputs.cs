namespace MetaAnalysis.Reports.Documents;

/// <summary>The files a local run read, kept so that a report can reproduce its inputs exactly.</summary>
/// <param name="PlanSource">The plan file's name.</param>
/// <param name="PlanText">The plan file's text.</param>
/// <param name="DataSource">The data file's name.</param>
/// <param name="DataText">The data file's text.</param>
/// <param name="CommandLine">The command that ran it.</param>
public sealed record PlanInputs(string PlanSource, string PlanText, string DataSource, string DataText, string CommandLine);
