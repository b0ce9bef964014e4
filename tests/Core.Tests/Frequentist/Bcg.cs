using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Tests.Frequentist;

/// <summary>
/// metafor's dat.bcg (Colditz et al. 1994): 13 trials of the BCG vaccine. The log risk ratios and their
/// variances are computed here as escalc(measure = "RR") defines them.
/// </summary>
internal static class Bcg
{
    public static readonly double[] Tpos = [4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27];
    public static readonly double[] Tneg = [119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448, 2493, 16886];
    public static readonly double[] Cpos = [11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29];
    public static readonly double[] Cneg = [128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197, 2338, 17825];
    public static readonly double[] Ablat = [44, 55, 42, 52, 13, 44, 19, 13, 27, 42, 18, 33, 33];
    public static readonly double[] Year = [1948, 1949, 1960, 1977, 1973, 1953, 1973, 1980, 1968, 1961, 1974, 1969, 1976];
    public static readonly string[] Alloc = ["random", "random", "random", "random", "alternate", "alternate", "random", "random", "random", "systematic", "systematic", "systematic", "systematic"];

    /// <summary>log RR = log((a/(a+b))/(c/(c+d))), var = 1/a - 1/(a+b) + 1/c - 1/(c+d).</summary>
    public static EffectData LogRiskRatios()
    {
        var yi = new double[13];
        var vi = new double[13];
        for (var i = 0; i < 13; i++)
        {
            yi[i] = Math.Log(Tpos[i] / (Tpos[i] + Tneg[i]) / (Cpos[i] / (Cpos[i] + Cneg[i])));
            vi[i] = (1 / Tpos[i]) - (1 / (Tpos[i] + Tneg[i])) + (1 / Cpos[i]) - (1 / (Cpos[i] + Cneg[i]));
        }

        return EffectData.Create(yi, vi);
    }

    public static DesignMatrix AblatDesign() => DesignMatrix.Create(13, [Moderator.Continuous("ablat", Ablat)]);

    public static DesignMatrix AblatYearDesign() => DesignMatrix.Create(13, [Moderator.Continuous("ablat", Ablat), Moderator.Continuous("year", Year)]);

    public static DesignMatrix AblatAllocDesign() => DesignMatrix.Create(13, [Moderator.Continuous("ablat", Ablat), Moderator.Categorical("alloc", Alloc)]);
}
