namespace MetaAnalysis.Core.Frequentist.Influence;

/// <summary>One effect of a Baujat plot.</summary>
/// <param name="Label">The effect.</param>
/// <param name="Heterogeneity">Its squared Pearson residual (yᵢ − μ̂)²/(τ̂² + vᵢ): its contribution to the heterogeneity.</param>
/// <param name="Influence">(μ̂₍₋ᵢ₎ − μ̂)²/Var(μ̂₍₋ᵢ₎): how far leaving it out moves the pooled estimate, in its own variance.</param>
public sealed record BaujatPoint(string Label, double Heterogeneity, double Influence);
