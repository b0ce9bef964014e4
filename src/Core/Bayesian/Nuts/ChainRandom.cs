namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// The random stream of one chain: xoshiro256** seeded by SplitMix64 from (seed, chain), so that every
/// chain is reproducible on its own, whatever the number of chains or threads, and streams of different
/// chains do not overlap in practice.
/// </summary>
/// <remarks>
/// Written here rather than taken from <see cref="System.Random"/> because the framework does not
/// promise that a seeded <see cref="System.Random"/> gives the same stream across versions, and a job
/// re-run after a lease expiry must reproduce its result exactly.
/// </remarks>
public sealed class ChainRandom
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;
    private double spareNormal;
    private bool hasSpareNormal;

    /// <summary>The stream of chain <paramref name="chain"/> of a run with <paramref name="seed"/>.</summary>
    public ChainRandom(ulong seed, int chain)
    {
        // Chains are separated by a large odd multiplier before SplitMix64 scrambles the state, so
        // neighbouring seeds and neighbouring chains give unrelated streams.
        var x = seed ^ (0xD1B54A32D192ED03UL * (ulong)(chain + 1));
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A uniform draw in [0, 1) with 53 random bits.</summary>
    public double NextUniform() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform draw in (lower, upper).</summary>
    public double NextUniform(double lower, double upper) => lower + ((upper - lower) * NextUniform());

    /// <summary>A standard normal draw (Marsaglia's polar method; the second value of each pair is kept for the next call).</summary>
    public double NextStandardNormal()
    {
        if (hasSpareNormal)
        {
            hasSpareNormal = false;
            return spareNormal;
        }

        double u;
        double v;
        double s;
        do
        {
            u = (2 * NextUniform()) - 1;
            v = (2 * NextUniform()) - 1;
            s = (u * u) + (v * v);
        }
        while (s >= 1 || s == 0);

        var factor = Math.Sqrt(-2 * Math.Log(s) / s);
        spareNormal = v * factor;
        hasSpareNormal = true;
        return u * factor;
    }

    /// <summary>A Gamma(<paramref name="shape"/>, 1) draw (Marsaglia and Tsang 2000; shapes below 1 boosted by U^(1/shape)).</summary>
    public double NextGamma(double shape)
    {
        if (!(shape > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), "the shape must be positive");
        }

        if (shape < 1)
        {
            return NextGamma(shape + 1) * Math.Pow(NextUniform(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x;
            double v;
            do
            {
                x = NextStandardNormal();
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = NextUniform();
            if (Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>A standard Student-t draw with <paramref name="degreesOfFreedom"/>: z / √(χ²_ν / ν), χ²_ν = 2 Gamma(ν/2).</summary>
    public double NextStudentT(double degreesOfFreedom)
    {
        var z = NextStandardNormal();
        return z / Math.Sqrt(2 * NextGamma(degreesOfFreedom / 2) / degreesOfFreedom);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
