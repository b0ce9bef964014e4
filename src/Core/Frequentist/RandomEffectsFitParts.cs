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
    CoefficientInference Inference,
    double Qe,
    double QePValue,
    double I2,
    double H2,
    double TypicalVariance,
    double? R2,
    FitStatistics MaximumLikelihoodStatistics,
    FitStatistics RestrictedStatistics,
    IReadOnlyList<double> Leverage,
    IReadOnlyList<double> Weights);
