using System.Globalization;

namespace MetaAnalysis.LoadGenerator;

/// <summary>Samples a process's resident memory (VmRSS from /proc) every 200 ms, keeping the samples; reads its CPU time.</summary>
internal sealed class MemorySampler
{
    private readonly int processId;
    private volatile bool stopping;
    private Task? sampling;

    public MemorySampler(int processId) => this.processId = processId;

    private readonly List<long> samples = [];

    public long Peak => samples.Count == 0 ? 0 : samples.Max();

    /// <summary>The samples of the last run, oldest first.</summary>
    public IReadOnlyList<long> Samples => samples;

    public long Current()
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>CPU time the process has used (user + system), from /proc/pid/stat.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public void Start()
    {
        stopping = false;
        samples.Clear();
        sampling = Task.Run(async () =>
        {
            while (!stopping)
            {
                samples.Add(Current());
                await Task.Delay(200).ConfigureAwait(false);
            }
        });
    }

    public void Stop()
    {
        stopping = true;
        sampling?.GetAwaiter().GetResult();
    }
}
