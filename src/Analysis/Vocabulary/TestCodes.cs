using MetaAnalysis.Core.Frequentist;

namespace MetaAnalysis.Analysis.Vocabulary;

/// <summary>The codes of the frequentist coefficient tests, as the contract and plans spell them.</summary>
public static class TestCodes
{
    /// <summary>Wald z tests (metafor's default).</summary>
    public const string Z = "z";

    /// <summary>t tests on k - p degrees of freedom.</summary>
    public const string T = "t";

    /// <summary>Knapp and Hartung's adjustment (metafor's test = "knha").</summary>
    public const string KnappHartung = "knha";

    /// <summary>Every code, in the order messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Z, T, KnappHartung];

    /// <summary>The test of <paramref name="code"/> (empty: z).</summary>
    public static CoefficientTest Parse(string code) => RandomEffectsOptions.TestFromCode(code.Length == 0 ? Z : code);
}
