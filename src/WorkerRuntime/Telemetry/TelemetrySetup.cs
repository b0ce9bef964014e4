using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MetaAnalysis.Worker.Telemetry;

/// <summary>
/// OpenTelemetry for the server and the worker processes, configured by the standard OpenTelemetry
/// environment variables: with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, traces, metrics and logs are
/// exported over OTLP (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c> ... are honoured); without it the
/// instruments still exist (any in-process listener can read them) and nothing is sent anywhere.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The variable whose presence turns the OTLP export on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Adds OpenTelemetry with the worker's meter and activity source and the outgoing gRPC calls; the
    /// caller adds its own sources through <paramref name="tracing"/> and <paramref name="metrics"/>.
    /// </summary>
    public static IServiceCollection AddServiceTelemetry(
        this IServiceCollection services,
        IConfiguration configuration,
        string serviceName,
        Action<TracerProviderBuilder>? tracing = null,
        Action<MeterProviderBuilder>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var telemetry = services.AddOpenTelemetry()

            // The service name given here is the default; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override it.
            .ConfigureResource(resource => resource.AddService(serviceName).AddEnvironmentVariableDetector())
            .WithTracing(tracer =>
            {
                tracer.AddSource(WorkerMetrics.Name).AddSource("Grpc.Net.Client").AddHttpClientInstrumentation();
                tracing?.Invoke(tracer);
            })
            .WithMetrics(meter =>
            {
                meter.AddMeter(WorkerMetrics.Name).AddHttpClientInstrumentation().AddMeter("System.Runtime");
                metrics?.Invoke(meter);
            });
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
