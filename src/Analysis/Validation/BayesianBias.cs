using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Frequentist.PublicationBias;

namespace MetaAnalysis.Analysis.Validation;

/// <summary>
/// A Bayesian PET, PEESE or conditional PET-PEESE adjustment of a NUTS random-effects or three-level model:
/// the model's design with the predictor (sei or vi) appended, for each regression that is sampled.
/// </summary>
/// <param name="Adjustment">What the spec asked for: PET, PEESE or PET-PEESE.</param>
/// <param name="Pet">The design with sei appended; null when PET is not sampled.</param>
/// <param name="Peese">The design with vi appended; null when PEESE is not sampled.</param>
public sealed record BayesianBias(BiasRegression Adjustment, DesignMatrix? Pet, DesignMatrix? Peese)
{
    /// <summary>The adjustment's name in results and reports: "PET", "PEESE" or "PET-PEESE".</summary>
    public string Name => NameOf(Adjustment);

    /// <summary>The name of an adjustment: "PET", "PEESE" or "PET-PEESE".</summary>
    public static string NameOf(BiasRegression adjustment) => adjustment switch
    {
        BiasRegression.Pet => "PET",
        BiasRegression.Peese => "PEESE",
        BiasRegression.PetPeese => "PET-PEESE",
        _ => "none",
    };

    /// <summary>
    /// The adjustment of <paramref name="design"/> asked for by <paramref name="adjustment"/>; null for none.
    /// The predictors are the frequentist PET-PEESE's (<see cref="EggerRegressionTest.StandardErrorDesign"/>,
    /// <see cref="PetPeese.VarianceDesign"/>), appended after the model's own columns.
    /// </summary>
    public static BayesianBias? Of(BiasRegression adjustment, DesignMatrix design, EffectData effects)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(effects);
        if (adjustment is BiasRegression.Unspecified or BiasRegression.None)
        {
            return null;
        }

        var pet = adjustment is BiasRegression.Pet or BiasRegression.PetPeese ? Append(design, EggerRegressionTest.StandardErrorDesign(effects)) : null;
        var peese = adjustment is BiasRegression.Peese or BiasRegression.PetPeese ? Append(design, PetPeese.VarianceDesign(effects)) : null;
        return new BayesianBias(adjustment, pet, peese);
    }

    /// <summary><paramref name="design"/> with the predictor column (the second) of <paramref name="regression"/> after its own.</summary>
    private static DesignMatrix Append(DesignMatrix design, DesignMatrix regression) =>
        DesignMatrix.FromColumns(
        [
            .. Enumerable.Range(0, design.Columns).Select(j => (design.ColumnNames[j], design.X.Column(j).ToArray())),
            (regression.ColumnNames[1], regression.X.Column(1).ToArray()),
        ]);
}
