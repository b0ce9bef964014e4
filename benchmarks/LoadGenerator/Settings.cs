using System.Globalization;

namespace MetaAnalysis.LoadGenerator;

/// <summary>The generator's command-line options.</summary>
internal sealed record Settings(double Rate, int Jobs, int Warmup, int InProcessWorkers, Uri? Address, string ApiKey)
{
    public static Settings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        double Number(string name, double fallback) => values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Settings(
            Number("rate", 2000),
            (int)Number("jobs", 10_000),
            (int)Number("warmup", 2000),
            (int)Number("in-process-workers", -1),
            values.TryGetValue("address", out var address) ? new Uri(address) : null,
            values.GetValueOrDefault("api-key", string.Empty));
    }
}
