using MathNet.Numerics;

namespace MetaAnalysis.Core.Frequentist;

/// <summary>
/// Tail probabilities of the reference distributions of the frequentist tests, computed from the
/// regularized incomplete gamma and beta functions directly so that p-values far below 1e-16 keep
/// their relative accuracy (1 - CDF would round them to 0).
/// </summary>
public static class TailProbabilities
{
    /// <summary>P(|Z| &gt;= |z|) for a standard normal Z.</summary>
    public static double TwoSidedNormal(double z) => SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2.0));

    /// <summary>P(|T| &gt;= |t|) for Student's t with <paramref name="df"/> degrees of freedom.</summary>
    /// <remarks>P(|T| &gt;= t) = I_{df/(df+t²)}(df/2, 1/2), the regularized incomplete beta function.</remarks>
    public static double TwoSidedStudentT(double t, double df)
    {
        if (double.IsPositiveInfinity(df))
        {
            return TwoSidedNormal(t);
        }

        return SpecialFunctions.BetaRegularized(df / 2.0, 0.5, df / (df + (t * t)));
    }

    /// <summary>P(X &gt;= x) for a chi-square X with <paramref name="df"/> degrees of freedom.</summary>
    public static double UpperChiSquared(double x, double df) =>
        x <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2.0);

    /// <summary>P(F &gt;= x) for an F distribution with (<paramref name="numeratorDf"/>, <paramref name="denominatorDf"/>) degrees of freedom.</summary>
    /// <remarks>P(F &gt;= x) = I_{d2/(d2 + d1 x)}(d2/2, d1/2).</remarks>
    public static double UpperFisher(double x, double numeratorDf, double denominatorDf) =>
        x <= 0 ? 1.0 : SpecialFunctions.BetaRegularized(denominatorDf / 2.0, numeratorDf / 2.0, denominatorDf / (denominatorDf + (numeratorDf * x)));
}
