using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.Tau2;

namespace MetaAnalysis.Core.Frequentist;

/// <summary>The computed pieces a <see cref="RandomEffectsFit"/> is made of (keeps its constructor readable).</summary>
internal sealed record RandomEffectsFitParts(
    EffectData Data,
    DesignMatrix Design,
    RandomEffectsOptions Options,
    ITau2Estimator Estimator,
    Tau2Estimate Tau2,
    double[] Beta,
    double[] Covariance,
    IReadOnlyList<CoefficientEstimate> Coefficients,
    int? DegreesOfFreedom,
    double ScaleFactor,
    double CriticalValue,
    double Qe,
    double QePValue,
    double I2,
    double H2,
    double TypicalVariance,
    ModeratorTest ModeratorTest,
    double? R2,
    FitStatistics MaximumLikelihoodStatistics,
    FitStatistics RestrictedStatistics,
    IReadOnlyList<double> Leverage,
    IReadOnlyList<double> Weights);
