namespace MetaAnalysis.Core.Frequentist.Robust;

/// <summary>Degrees of freedom of the t tests that accompany a cluster-robust covariance.</summary>
public enum RobustDegreesOfFreedom
{
    /// <summary>clubSandwich's Satterthwaite approximation, one value per coefficient (with CR2, the recommended choice).</summary>
    Satterthwaite,

    /// <summary>J - p, J the number of clusters (metafor's robust() without clubSandwich).</summary>
    ClustersMinusCoefficients,

    /// <summary>J - 1 (clubSandwich's "naive-t").</summary>
    ClustersMinusOne,
}
