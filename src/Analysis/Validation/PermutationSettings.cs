namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// A permutation test as metafor's <c>permutest(fit, iter, exact)</c> decides it: exact when every distinct
/// arrangement numbers at most <paramref name="Iterations"/>, else that many random arrangements drawn with
/// <paramref name="Seed"/>.
/// </summary>
/// <param name="Iterations">The most arrangements an exact test may enumerate, and the random test's count.</param>
/// <param name="Seed">The random test's seed.</param>
public sealed record PermutationSettings(int Iterations, int Seed);
