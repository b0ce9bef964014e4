using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// The plan's <c>publication_bias</c> section: the checks run once on all effects. Egger, Begg, trim-and-fill
/// and fail-safe N run unless turned off; PET-PEESE and selection models run when asked for.
/// </summary>
/// <param name="Egger">Egger's regression test.</param>
/// <param name="Begg">Begg's rank correlation test.</param>
/// <param name="TrimAndFill">Duval and Tweedie's trim-and-fill.</param>
/// <param name="FailSafeN">Rosenthal's and Orwin's fail-safe N.</param>
/// <param name="PetPeese">PET, PEESE and the conditional PET-PEESE estimate.</param>
/// <param name="PetPeeseDirection">"greater" or "less": the direction selection is presumed to favour.</param>
/// <param name="SelectionModels">Selection models, as the contract describes them.</param>
public sealed record PublicationBiasPlan(
    bool Egger = true,
    bool Begg = true,
    bool TrimAndFill = true,
    bool FailSafeN = true,
    bool PetPeese = false,
    string PetPeeseDirection = "greater",
    IReadOnlyList<SelectionModelSpec>? SelectionModels = null)
{
    /// <summary>Whether any check is asked for.</summary>
    public bool Any => Egger || Begg || TrimAndFill || FailSafeN || PetPeese || SelectionModels is { Count: > 0 };
}
