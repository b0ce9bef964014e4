using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.LocationScale;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// A location-scale model (metafor's <c>rma(yi, vi, mods, scale = ~ ...)</c>) as a result: the location
/// coefficients as any model's, the scale coefficients α (log τ²) with QS, the test of the location
/// moderators, and the likelihood by REML or ML.
/// </summary>
internal static class LocationScaleFitting
{
    public static FitResult Fit(ValidatedAnalysis analysis, DesignMatrix scale)
    {
        var ml = analysis.Frequentist!.Method == "ML";
        var fit = LocationScaleModel.Fit(
            analysis.Data.Effects,
            analysis.Design,
            scale,
            new LocationScaleOptions(ml ? LocationScaleEstimator.MaximumLikelihood : LocationScaleEstimator.RestrictedMaximumLikelihood, analysis.Level));
        var names = string.Join(", ", scale.ColumnNames.Skip(1));
        var result = FitResults.Start(analysis, "frequentist", $"location-scale{(analysis.Design.HasModerators ? " meta-regression" : string.Empty)} ({(ml ? "ML" : "REML")}), log τ² on {names}");
        result.Coefficients.AddRange(fit.Location.Select(FitResults.Coefficient));
        var scaleResult = new ScaleCoefficients { Test = Test(fit.ScaleTest, "QS", "test of the scale moderators (log τ²)") };
        scaleResult.Coefficients.AddRange(fit.Scale.Select(FitResults.Coefficient));
        result.Scale = scaleResult;
        if (analysis.Design.HasModerators)
        {
            result.ModeratorTest = Test(fit.LocationTest, "QM", "test of moderators");
        }

        result.Fit = FitResults.Fit(fit.Statistics, !ml);
        result.Diagnostics = new FitDiagnostics();
        result.Diagnostics.Notes.Add("τ² differs between effects (log τ²ᵢ = zᵢ'α): the location coefficients' standard errors are at the fitted τ²ᵢ, as metafor's");
        if (!fit.Converged)
        {
            result.Warnings.Add("the location-scale fit did not converge: the scale coefficients are the highest point found and may lie on a flat ridge of the likelihood");
        }

        return result;
    }

    private static TestStatistic Test(Core.Frequentist.ModeratorTest test, string name, string description) => new()
    {
        Name = name,
        Statistic = test.Statistic,
        Df = test.NumeratorDegreesOfFreedom,
        PValue = test.PValue,
        Description = description,
    };
}
