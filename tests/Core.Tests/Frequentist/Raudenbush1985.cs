using MetaAnalysis.Core.Data;

namespace MetaAnalysis.Core.Tests.Frequentist;

/// <summary>metafor's dat.raudenbush1985: 19 studies of teacher expectancy effects on pupil IQ (standardized mean differences).</summary>
internal static class Raudenbush1985
{
    public static readonly double[] Yi = [0.03, 0.12, -0.14, 1.18, 0.26, -0.06, -0.02, -0.32, 0.27, 0.80, 0.54, 0.18, -0.02, 0.23, -0.18, -0.06, 0.30, 0.07, -0.07];
    public static readonly double[] Vi = [0.0156, 0.0216, 0.0279, 0.1391, 0.1362, 0.0106, 0.0106, 0.0484, 0.0269, 0.0630, 0.0912, 0.0497, 0.0835, 0.0841, 0.0253, 0.0279, 0.0193, 0.0088, 0.0303];
    public static readonly double[] Weeks = [2, 21, 19, 0, 0, 3, 17, 24, 0, 1, 0, 0, 1, 2, 17, 5, 1, 2, 7];

    public static EffectData Data() => EffectData.Create(Yi, Vi);

    /// <summary>Weeks of prior contact, capped at 3 (the coding of Raudenbush 2009).</summary>
    public static DesignMatrix CappedWeeksDesign() =>
        DesignMatrix.Create(19, [Moderator.Continuous("weeks.c", Weeks.Select(w => Math.Min(w, 3)).ToArray())]);
}
