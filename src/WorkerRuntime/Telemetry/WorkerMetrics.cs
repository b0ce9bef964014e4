using System.Diagnostics;
using System.Diagnostics.Metrics;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Worker.Telemetry;

/// <summary>
/// The worker's metrics and traces, read by OpenTelemetry (meter and activity source
/// <see cref="Name"/>): how long job attempts take and how they end, and how many fits fail a diagnostic
/// check (<see cref="DiagnosticChecks"/>). One span per job attempt.
/// </summary>
public sealed class WorkerMetrics
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "MetaAnalysis.Worker";

    private static readonly ActivitySource Source = new(Name);
    private readonly Histogram<double> jobDuration;
    private readonly Counter<long> diagnosticFailures;

    /// <summary>Creates the instruments on a meter of <paramref name="meters"/>.</summary>
    public WorkerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter = meters.Create(Name);
        jobDuration = Meter.CreateHistogram<double>(
            "metaanalysis.job.duration",
            unit: "s",
            description: "Time from lease to the end of a job attempt on a worker, by engine and outcome (succeeded, failed, cancelled, lease_lost, abandoned)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800] });
        diagnosticFailures = Meter.CreateCounter<long>(
            "metaanalysis.fit.diagnostic_failures",
            unit: "{check}",
            description: "Fit diagnostics that failed their threshold, by engine and check (rhat, ess_bulk, ess_tail, divergences, tree_depth, e_bfmi, integration_error)");
    }

    /// <summary>The meter the instruments belong to.</summary>
    public Meter Meter { get; }

    /// <summary>Starts the span of one job attempt (null when nobody listens).</summary>
    public static Activity? StartAttempt(LeasedJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var activity = Source.StartActivity("fit job", ActivityKind.Internal);
        activity?.SetTag("metaanalysis.job.id", job.JobId);
        activity?.SetTag("metaanalysis.job.attempt", job.Attempt);
        activity?.SetTag("metaanalysis.engine", EngineOf(job.Spec));
        return activity;
    }

    /// <summary>Records the end of an attempt that took <paramref name="elapsed"/>.</summary>
    public void AttemptEnded(LeasedJob job, string outcome, TimeSpan elapsed, Activity? activity)
    {
        ArgumentNullException.ThrowIfNull(job);
        var engine = EngineOf(job.Spec);
        jobDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("engine", engine), new KeyValuePair<string, object?>("outcome", outcome));
        activity?.SetTag("metaanalysis.outcome", outcome);
        if (outcome != "succeeded")
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
        }
    }

    /// <summary>Counts the diagnostic checks that <paramref name="result"/> fails.</summary>
    public void FitFinished(LeasedJob job, FitResult result, Activity? activity)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(result);
        var engine = EngineOf(job.Spec);
        var failed = DiagnosticChecks.Failed(result.Diagnostics);
        foreach (var check in failed)
        {
            diagnosticFailures.Add(1, new KeyValuePair<string, object?>("engine", engine), new KeyValuePair<string, object?>("check", check));
        }

        if (failed.Count > 0)
        {
            activity?.SetTag("metaanalysis.diagnostics.failed", string.Join(',', failed));
        }
    }

    private static string EngineOf(ModelSpec? spec) => spec?.Engine?.KindCase switch
    {
        Engine.KindOneofCase.Frequentist => "frequentist",
        Engine.KindOneofCase.ExactBayes => "exact_bayes",
        Engine.KindOneofCase.Nuts => "nuts",
        _ => "none",
    };
}
