namespace MetaAnalysis.Core.Frequentist;

/// <summary>
/// How the coefficients (and the moderators jointly) of a random-effects or three-level model are
/// tested, as metafor's <c>test</c> argument.
/// </summary>
public enum CoefficientTest
{
    /// <summary>Wald z tests; the moderator test QM is chi-square. metafor's <c>z</c>.</summary>
    Z,

    /// <summary>t tests on k - p degrees of freedom without rescaling; QM is an F statistic. metafor's <c>t</c>.</summary>
    T,

    /// <summary>
    /// Knapp and Hartung's method (Hartung-Knapp-Sidik-Jonkman): the covariance is scaled by
    /// <see cref="KnappHartung.ScaleFactor"/>, t tests on k - p degrees of freedom, QM an F statistic.
    /// metafor's <c>knha</c> (which calls this variant experimental for three-level models).
    /// </summary>
    KnappHartung,
}
