namespace MetaAnalysis.Cli.Plans;

/// <summary>Which publication-bias checks the report runs on the whole data set.</summary>
/// <param name="Egger">Egger's regression test (mixed-effects, on the standard error).</param>
/// <param name="Begg">Begg's rank correlation test.</param>
/// <param name="TrimAndFill">Trim-and-fill (random effects; and three-level when the data have studies).</param>
/// <param name="FailSafeN">Rosenthal's and Orwin's fail-safe N.</param>
public sealed record PublicationBiasPlan(bool Egger = true, bool Begg = true, bool TrimAndFill = true, bool FailSafeN = true)
{
    /// <summary>Whether any check is asked for.</summary>
    public bool Any => Egger || Begg || TrimAndFill || FailSafeN;
}
