using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Core.Bayesian.Ensemble;

/// <summary>The effects an ensemble is fitted to, optionally nested in studies (three-level members).</summary>
public sealed class EnsembleData
{
    private EnsembleData(EffectData effects, string[]? studies)
    {
        Effects = effects;
        Studies = studies;
        if (studies is not null)
        {
            var labels = studies.Distinct(StringComparer.Ordinal).ToList();
            StudyOfEffect = studies.Select(s => labels.IndexOf(s)).ToArray();
            StudyCount = labels.Count;
        }
        else
        {
            StudyOfEffect = [];
        }
    }

    /// <summary>Effects and sampling variances.</summary>
    public EffectData Effects { get; }

    /// <summary>The study of each effect; null when effects are independent (two-level members).</summary>
    public IReadOnlyList<string>? Studies { get; }

    /// <summary>Whether the effects are nested in studies.</summary>
    public bool IsThreeLevel => Studies is not null;

    /// <summary>Index of each effect's study (order of first appearance); empty for two-level data.</summary>
    internal int[] StudyOfEffect { get; }

    /// <summary>Number of distinct studies (0 for two-level data).</summary>
    public int StudyCount { get; }

    /// <summary>Independent effects.</summary>
    public static EnsembleData Independent(EffectData effects)
    {
        ArgumentNullException.ThrowIfNull(effects);
        Guard.AtLeast(effects.K, 3, "yi", "a robust Bayesian model-averaged meta-analysis");
        return new EnsembleData(effects, null);
    }

    /// <summary>Effects nested in <paramref name="studies"/> (one label per effect).</summary>
    public static EnsembleData Nested(EffectData effects, IReadOnlyList<string> studies)
    {
        ArgumentNullException.ThrowIfNull(effects);
        ArgumentNullException.ThrowIfNull(studies);
        Guard.AtLeast(effects.K, 3, "yi", "a robust Bayesian model-averaged meta-analysis");
        Guard.SameLength(studies, "cluster", effects.K, "yi");
        for (var i = 0; i < studies.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(studies[i]))
            {
                throw new InvalidInputException(Guard.Element("cluster", i), "is empty; every effect needs a study");
            }
        }

        return new EnsembleData(effects, studies.ToArray());
    }
}
