using MathNet.Numerics.Distributions;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist;
using MetaAnalysis.Core.Frequentist.PublicationBias;
using MetaAnalysis.Core.Frequentist.PublicationBias.Selection;
using MetaAnalysis.Core.Tests.Bayesian.Models;

namespace MetaAnalysis.Core.Tests.Frequentist.PublicationBias;

public class PetPeeseTests
{
    private static readonly double[] Yi = [0.82, 0.61, 0.55, 0.41, 0.38, 0.30];
    private static readonly double[] Vi = [0.090, 0.050, 0.030, 0.012, 0.008, 0.004];

    /// <summary>
    /// Weighted least squares of y on one predictor x with weights w = 1/v, by the textbook sums, and R's
    /// lm dispersion s² = Σ w e²/(k - 2): (b₀, b₁, se₀, se₁).
    /// </summary>
    private static (double B0, double B1, double Se0, double Se1) HandWeightedLeastSquares(double[] x)
    {
        double sw = 0, swx = 0, swxx = 0, swy = 0, swxy = 0;
        for (var i = 0; i < Yi.Length; i++)
        {
            var w = 1 / Vi[i];
            sw += w;
            swx += w * x[i];
            swxx += w * x[i] * x[i];
            swy += w * Yi[i];
            swxy += w * x[i] * Yi[i];
        }

        var determinant = (sw * swxx) - (swx * swx);
        var b1 = ((sw * swxy) - (swx * swy)) / determinant;
        var b0 = (swy - (b1 * swx)) / sw;
        var rss = Enumerable.Range(0, Yi.Length).Sum(i => Math.Pow(Yi[i] - b0 - (b1 * x[i]), 2) / Vi[i]);
        var s2 = rss / (Yi.Length - 2);
        return (b0, b1, Math.Sqrt(s2 * swxx / determinant), Math.Sqrt(s2 * sw / determinant));
    }

    [Fact]
    public void Pet_WeightedLeastSquares_MatchesTheClosedForm()
    {
        var (b0, b1, se0, se1) = HandWeightedLeastSquares(Vi.Select(Math.Sqrt).ToArray());

        var pet = PetPeese.Pet(EffectData.Create(Yi, Vi));

        var intercept = pet.Coefficients[0];
        Assert.Equal(b0, intercept.Estimate, Tolerances.Algebra);
        Assert.Equal(b1, pet.Coefficients[1].Estimate, Tolerances.Algebra);
        Assert.Equal(se0, intercept.StandardError, Tolerances.Algebra);
        Assert.Equal(se1, pet.Coefficients[1].StandardError, Tolerances.Algebra);
        var t = b0 / se0;
        Assert.Equal(2 * StudentT.CDF(0, 1, 4, -Math.Abs(t)), intercept.PValue, Tolerances.Algebra);
        Assert.Equal(b0 + (StudentT.InvCDF(0, 1, 4, 0.975) * se0), intercept.CiUpper, Tolerances.Algebra);
        Assert.Equal("sei", pet.Coefficients[1].Name);
    }

    [Fact]
    public void Peese_WeightedLeastSquares_MatchesTheClosedForm()
    {
        var (b0, b1, se0, _) = HandWeightedLeastSquares(Vi);

        var peese = PetPeese.Peese(EffectData.Create(Yi, Vi));

        Assert.Equal(b0, peese.Coefficients[0].Estimate, Tolerances.Algebra);
        Assert.Equal(b1, peese.Coefficients[1].Estimate, Tolerances.Algebra);
        Assert.Equal(se0, peese.Coefficients[0].StandardError, Tolerances.Algebra);
        Assert.Equal(4, peese.DegreesOfFreedom);
        Assert.Equal("vi", peese.Coefficients[1].Name);
    }

    [Fact]
    public void Fit_InterceptSignificantInTheSelectedDirection_UsesPeese()
    {
        var (b0, _, se0, _) = HandWeightedLeastSquares(Vi.Select(Math.Sqrt).ToArray());
        var oneSided = 1 - StudentT.CDF(0, 1, 4, b0 / se0);
        var (peese0, _, _, _) = HandWeightedLeastSquares(Vi);

        var greater = PetPeese.Fit(EffectData.Create(Yi, Vi));
        var less = PetPeese.Fit(EffectData.Create(Yi, Vi), direction: SelectionAlternative.Less);

        Assert.True(oneSided < 0.05, "the hand-made effects have a clearly positive PET intercept");
        Assert.Equal(oneSided, greater.PetOneSidedPValue, Tolerances.Algebra);
        Assert.True(greater.UsesPeese);
        Assert.Equal(peese0, greater.Estimate.Estimate, Tolerances.Algebra);
        Assert.Equal(1 - oneSided, less.PetOneSidedPValue, Tolerances.Algebra);
        Assert.False(less.UsesPeese);
        Assert.Equal(b0, less.Estimate.Estimate, Tolerances.Algebra);
    }

    [Fact]
    public void Fit_InterceptNotSignificant_KeepsPet()
    {
        // Effects that shrink to 0 as the standard error does: PET's intercept is near 0.
        double[] yi = [0.52, 0.31, 0.28, 0.05, 0.10, -0.02];
        var fit = PetPeese.Fit(EffectData.Create(yi, Vi));

        Assert.True(fit.PetOneSidedPValue >= 0.05, $"one-sided p {fit.PetOneSidedPValue}");
        Assert.False(fit.UsesPeese);
        Assert.Equal(fit.Pet.Coefficients[0], fit.Estimate);
    }

    /// <summary>
    /// PET is Egger's regression: metafor 3.8.1 regtest on dat.bcg (RR) gives the limit estimate (PET's
    /// intercept) and the slope's test, for the lm form and the REML mixed-effects form (shared reference cases).
    /// </summary>
    [Theory]
    [InlineData("bcg-egger-lm.json")]
    [InlineData("bcg-egger.json")]
    public void Pet_Bcg_MatchesMetaforRegtest(string file)
    {
        var reference = ReferenceCaseFile.Load(file);
        var data = EffectData.Create(reference.Numbers("yi"), reference.Numbers("vi"));
        var options = reference.Options["model"]!.GetValue<string>() == "lm" ? null : new RandomEffectsOptions { Method = "REML" };

        var pet = PetPeese.Pet(data, options);

        AssertClose.Relative(reference.Expected["limit_estimate"]!.GetValue<double>(), pet.Coefficients[0].Estimate, 1e-6);
        AssertClose.Relative(reference.Expected["stat"]!.GetValue<double>(), pet.Coefficients[1].Statistic, 1e-6);
        AssertClose.Relative(reference.Expected["pval"]!.GetValue<double>(), pet.Coefficients[1].PValue, 1e-6);
    }
}
