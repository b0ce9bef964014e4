using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MetaAnalysis.Server;

/// <summary>
/// The server's two kinds of endpoint: gRPC over cleartext HTTP/2 (h2c) at the addresses of <c>Urls</c>, and
/// the web dashboard over HTTP/1.1 at <see cref="ServiceOptions.DashboardUrl"/>. Browsers do not speak h2c and
/// gRPC needs HTTP/2, so the two cannot share a cleartext endpoint: each endpoint's protocol follows its port.
/// Put TLS in front (ingress, proxy).
/// </summary>
internal sealed class ListenAddresses
{
    private readonly string[] grpc;
    private readonly string? dashboard;
    private readonly int dashboardPort;

    /// <param name="grpcUrls">The <c>Urls</c> setting (';'-separated).</param>
    /// <param name="dashboardUrl">The dashboard's address, or empty for none.</param>
    /// <exception cref="InvalidOperationException">The dashboard's address is not an http:// address with a port of its own.</exception>
    public ListenAddresses(string grpcUrls, string dashboardUrl)
    {
        grpc = grpcUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (dashboardUrl.Length == 0)
        {
            return;
        }

        if (!TryParse(dashboardUrl, out var uri)
            || uri.Scheme != Uri.UriSchemeHttp || uri.IsDefaultPort || uri.Port == 0)
        {
            throw new InvalidOperationException("Service:DashboardUrl must be an http:// address with a port, such as http://127.0.0.1:5081");
        }

        if (grpc.Any(url => TryParse(url, out var other) && other.Port == uri.Port))
        {
            throw new InvalidOperationException("Service:DashboardUrl needs a port of its own, not one of Urls' (gRPC needs HTTP/2, browsers HTTP/1.1)");
        }

        dashboard = dashboardUrl;
        dashboardPort = uri.Port;
    }

    /// <summary>The gRPC address reports name as where work ran: the first of <c>Urls</c>, written as clients write it.</summary>
    public string ServiceAddress => grpc.Length == 0 ? "http://127.0.0.1:5080/"
        : Uri.TryCreate(grpc[0], UriKind.Absolute, out var uri) ? uri.ToString() : grpc[0];

    /// <summary>Gives each endpoint its protocol: HTTP/1.1 on the dashboard's port, HTTP/2 everywhere else.</summary>
    public void ConfigureProtocols(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols =
            dashboard is not null && endpoint.IPEndPoint?.Port == dashboardPort ? HttpProtocols.Http1 : HttpProtocols.Http2);

    /// <summary>Adds the dashboard's address to the ones the server listens on (with it, the server listens on exactly these).</summary>
    public void AddTo(ICollection<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        if (dashboard is null)
        {
            return;
        }

        foreach (var url in grpc)
        {
            urls.Add(url);
        }

        urls.Add(dashboard);
    }

    /// <summary>Parses a listening address, its every-interface hosts (<c>*</c>, <c>+</c>) read as 0.0.0.0.</summary>
    private static bool TryParse(string url, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? uri) =>
        Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out uri);
}
