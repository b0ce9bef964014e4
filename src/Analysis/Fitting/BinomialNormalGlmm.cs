using System.Globalization;
using MetaAnalysis.Analysis.Validation;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Frequentist.Glmm;

namespace MetaAnalysis.Analysis.Fitting;

/// <summary>
/// The frequentist binomial-normal model of 2x2 tables: metafor's <c>rma.glmm(measure = "OR", model =
/// "UM.FS")</c> by exact maximum likelihood, on the tables of the effects the model kept.
/// </summary>
internal static class BinomialNormalGlmm
{
    public static FitResult Fit(ValidatedAnalysis analysis)
    {
        var raw = analysis.Spec.Data.Raw;
        var rows = analysis.Data.Rows;
        var ai = rows.Select(i => raw.Ai[i]).ToArray();
        var ci = rows.Select(i => raw.Ci[i]).ToArray();
        var bi = rows.Select(i => raw.Bi.Count > 0 ? raw.Bi[i] : raw.N1I[i] - raw.Ai[i]).ToArray();
        var di = rows.Select(i => raw.Di.Count > 0 ? raw.Di[i] : raw.N2I[i] - raw.Ci[i]).ToArray();
        var fit = OddsRatioGlmm.Fit(ai, bi, ci, di, analysis.Level);

        var result = FitResults.Start(analysis, "frequentist", "binomial-normal GLMM of the 2x2 tables (UM.FS: study fixed effects, normal random log odds ratio; ML)");
        result.Coefficients.Add(FitResults.Coefficient(fit.Coefficient));
        result.Heterogeneity = new Heterogeneity { Tau2 = fit.Tau2 };
        result.Fit = new ModelFit { LogLikelihood = fit.LogLikelihood, Parameters = fit.IncludedStudies.Count + 2 };
        result.Diagnostics = new FitDiagnostics();
        var left = ai.Length - fit.IncludedStudies.Count;
        result.Diagnostics.Notes.Add(left == 0
            ? "every study informs the fit"
            : string.Create(CultureInfo.InvariantCulture, $"{left} of {ai.Length} studies have no events (or only events) in both groups and carry no information; they are left out, as metafor leaves them out"));
        if (!fit.Converged)
        {
            result.Warnings.Add("the likelihood has no interior maximum: τ² is at its bound 0, and the estimate is the fixed-effects conditional model's");
        }

        return result;
    }
}
