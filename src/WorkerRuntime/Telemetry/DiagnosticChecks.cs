using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Worker.Telemetry;

/// <summary>
/// Which of a fit's diagnostics fail the usual thresholds — the fits an operator should look at, counted by
/// <see cref="WorkerMetrics"/>. The job itself still succeeds: the diagnostics travel with its result.
/// </summary>
/// <remarks>
/// Thresholds (Vehtari et al. 2021 for R-hat and ESS; Betancourt 2016 for E-BFMI): rank-normalized split
/// R-hat above 1.01; bulk or tail ESS below 400; any divergent transition; any transition that hit the
/// maximum tree depth; E-BFMI below 0.3 in any chain; an exact-integration error estimate above 1e-6.
/// </remarks>
public static class DiagnosticChecks
{
    /// <summary>Largest acceptable R-hat.</summary>
    public const double MaxRhat = 1.01;

    /// <summary>Smallest acceptable bulk and tail effective sample size.</summary>
    public const double MinEffectiveSampleSize = 400;

    /// <summary>Smallest acceptable E-BFMI of a chain.</summary>
    public const double MinEnergyBfmi = 0.3;

    /// <summary>Largest acceptable absolute error estimate of the exact engine's integration.</summary>
    public const double MaxIntegrationError = 1e-6;

    /// <summary>The names of the failed checks (<c>rhat</c>, <c>ess_bulk</c>, <c>ess_tail</c>, <c>divergences</c>, <c>tree_depth</c>, <c>e_bfmi</c>, <c>integration_error</c>); empty when all pass or nothing was measured.</summary>
    public static IReadOnlyList<string> Failed(FitDiagnostics? diagnostics)
    {
        var failed = new List<string>();
        if (diagnostics is null)
        {
            return failed;
        }

        if (diagnostics.HasMaxRhat && !(diagnostics.MaxRhat <= MaxRhat))
        {
            failed.Add("rhat");
        }

        if (diagnostics.HasMinEssBulk && !(diagnostics.MinEssBulk >= MinEffectiveSampleSize))
        {
            failed.Add("ess_bulk");
        }

        if (diagnostics.HasMinEssTail && !(diagnostics.MinEssTail >= MinEffectiveSampleSize))
        {
            failed.Add("ess_tail");
        }

        if (diagnostics.HasDivergences && diagnostics.Divergences > 0)
        {
            failed.Add("divergences");
        }

        if (diagnostics.HasTreeDepthSaturations && diagnostics.TreeDepthSaturations > 0)
        {
            failed.Add("tree_depth");
        }

        if (diagnostics.EBfmi.Any(value => !(value >= MinEnergyBfmi)))
        {
            failed.Add("e_bfmi");
        }

        if (diagnostics.HasIntegrationError && !(diagnostics.IntegrationError <= MaxIntegrationError))
        {
            failed.Add("integration_error");
        }

        return failed;
    }
}
