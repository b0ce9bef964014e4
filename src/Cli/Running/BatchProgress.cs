namespace MetaAnalysis.Cli.Running;

/// <summary>How far one task of a batch (a model, the checks, the sweep) has come.</summary>
/// <param name="Task">The task's name.</param>
/// <param name="Fraction">Fraction done, 0 to 1.</param>
public readonly record struct BatchProgress(string Task, double Fraction);
