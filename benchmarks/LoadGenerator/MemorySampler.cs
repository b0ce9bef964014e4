using System.Globalization;

namespace MetaAnalysis.LoadGenerator;

/// <summary>Samples a process's resident memory (VmRSS from /proc) every 200 ms and keeps the peak; reads its CPU time.</summary>
internal sealed class MemorySampler
{
    private readonly int processId;
    private volatile bool stopping;
    private Task? sampling;

    public MemorySampler(int processId) => this.processId = processId;

    public long Peak { get; private set; }

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
        sampling = Task.Run(async () =>
        {
            while (!stopping)
            {
                Peak = Math.Max(Peak, Current());
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
