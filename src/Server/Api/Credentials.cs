using System.Security.Cryptography;
using System.Text;

namespace MetaAnalysis.Server.Api;

/// <summary>
/// The configured API keys (per tenant) and worker credentials. Keys are kept and compared as SHA-256
/// digests, so a lookup takes the same time whatever prefix of a key a caller guesses.
/// </summary>
public sealed class Credentials
{
    /// <summary>The header of a client's API key.</summary>
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>The header of a worker's credential.</summary>
    public const string WorkerKeyHeader = "x-worker-key";

    private readonly Dictionary<string, string> tenantsByKeyDigest = new(StringComparer.Ordinal);
    private readonly HashSet<string> workerKeyDigests = new(StringComparer.Ordinal);

    /// <summary>Reads the keys from <paramref name="options"/>.</summary>
    /// <exception cref="InvalidOperationException">A key is empty or used twice, or a worker key is also a client key.</exception>
    public Credentials(ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (tenant, settings) in options.Tenants)
        {
            foreach (var key in settings.ApiKeys)
            {
                if (string.IsNullOrWhiteSpace(key) || !tenantsByKeyDigest.TryAdd(Digest(key), tenant))
                {
                    throw new InvalidOperationException($"Service:Tenants:{tenant}:ApiKeys has an empty key or a key used twice");
                }
            }
        }

        foreach (var key in options.WorkerKeys)
        {
            var digest = Digest(key);
            if (string.IsNullOrWhiteSpace(key) || tenantsByKeyDigest.ContainsKey(digest))
            {
                throw new InvalidOperationException("Service:WorkerKeys has an empty key or a key that is also a client's API key");
            }

            workerKeyDigests.Add(digest);
        }
    }

    /// <summary>Whether any client key is configured.</summary>
    public bool HasTenants => tenantsByKeyDigest.Count > 0;

    /// <summary>The tenant of <paramref name="apiKey"/>, or null.</summary>
    public string? TenantOf(string? apiKey) =>
        string.IsNullOrEmpty(apiKey) ? null : tenantsByKeyDigest.GetValueOrDefault(Digest(apiKey));

    /// <summary>The digest <see cref="TenantOfDigest"/> looks up: what a session keeps instead of the key itself.</summary>
    public static string DigestOf(string apiKey) => Digest(apiKey);

    /// <summary>The tenant of the key with digest <paramref name="digest"/>, or null (say, once the key is removed).</summary>
    public string? TenantOfDigest(string? digest) =>
        string.IsNullOrEmpty(digest) ? null : tenantsByKeyDigest.GetValueOrDefault(digest);

    /// <summary>Whether <paramref name="key"/> is a worker credential.</summary>
    public bool IsWorker(string? key) => !string.IsNullOrEmpty(key) && workerKeyDigests.Contains(Digest(key));

    private static string Digest(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
