using System.Text.Json.Nodes;

namespace MetaAnalysis.Cli.Conformance;

/// <summary>
/// Runs the cases of one task (<c>rma</c>, <c>bayes_rma</c>, ...) through the project's engines. The
/// runner finds every implementation in this assembly, so adding a task is adding one file.
/// </summary>
public interface IConformanceTask
{
    /// <summary>The task name as it appears in case files.</summary>
    string Name { get; }

    /// <summary>
    /// Computes the case's figures with the same structure as its <c>expected</c> object (summaries of
    /// Monte Carlo engines carry their own <c>mcse</c> object). Throws <see cref="UnsupportedCaseException"/>
    /// for options the project does not support yet (the case is skipped).
    /// </summary>
    JsonObject Run(ConformanceCase testCase);
}
