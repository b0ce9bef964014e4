using System.Globalization;
using System.Text.RegularExpressions;
using MetaAnalysis.Contracts.V1;

namespace MetaAnalysis.Reports.Tables;

/// <summary>
/// A model's result in a few plain sentences, in the manner of metafor's <c>reporter()</c> and RoBMA's
/// <c>interpret()</c>: the estimate with its interval and test, the heterogeneity and what it means for a
/// new study, the evidence (a p-value or a Bayes factor in Jeffreys' words), and the effects left out.
/// </summary>
public static partial class PlainSummary
{
    /// <summary>The summary of <paramref name="result"/>; empty when the model has no estimate to speak of.</summary>
    public static string Of(FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sentences = new List<string>();
        if (result.RobustAveraging is { } averaging)
        {
            // The ensemble's own sentences: the engine words its evidence and the averaged estimate.
            sentences.AddRange(averaging.Summary);
        }
        else if (result.Subgroups.Count > 0)
        {
            Subgroups(result, sentences);
        }
        else if (result.Coefficients.Count > 0 && result.Influence.Count == 0 && result.Cumulative.Count == 0)
        {
            Frequentist(result, sentences);
        }
        else if (result.Parameters.Count > 0)
        {
            Bayesian(result, sentences);
        }

        if (sentences.Count > 0 && result.Omitted.Count > 0)
        {
            sentences.Add(Text($"{result.Omitted.Count} {(result.Omitted.Count == 1 ? "effect was" : "effects were")} left out for a missing value; {result.K} were used."));
        }

        return string.Join(" ", sentences);
    }

    /// <summary>
    /// The publication-bias checks in a few sentences: whether the funnel is asymmetric (Egger, Begg), what the
    /// adjusted estimates are (trim-and-fill, PET-PEESE, selection models) and whether the selection models fit
    /// better than no selection; with a caution when there are too few effects for the tests to have power.
    /// </summary>
    public static string OfPublicationBias(PublicationBiasChecks checks, int k)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var sentences = new List<string>();
        var asymmetry = new List<string>();
        if (checks.Egger is { } egger)
        {
            asymmetry.Add(Text($"Egger's test p {NumberFormat.PValueClause(egger.PValue)}"));
        }

        if (checks.Begg is { } begg)
        {
            asymmetry.Add(Text($"Begg's test p {NumberFormat.PValueClause(begg.PValue)}"));
        }

        if (asymmetry.Count > 0)
        {
            var found = (checks.Egger?.PValue < 0.05) || (checks.Begg?.PValue < 0.05);
            sentences.Add($"{(found ? "The funnel plot is asymmetric" : "The funnel plot shows no clear asymmetry")} ({string.Join(", ", asymmetry)}); asymmetry can come from publication bias but also from small-study effects or heterogeneity.");
        }

        var adjusted = new List<string>();
        foreach (var fill in checks.TrimAndFill.Where(f => f.Model == "random_effects"))
        {
            adjusted.Add(Text($"trim-and-fill {fill.Adjusted.Estimate:F3} with {fill.Missing} effects filled on the {fill.Side}"));
        }

        if (checks.PetPeese is { } petPeese)
        {
            adjusted.Add(Text($"PET-PEESE {petPeese.Estimate.Estimate:F3} [{petPeese.Estimate.CiLower:F3}, {petPeese.Estimate.CiUpper:F3}] ({petPeese.Chosen})"));
        }

        foreach (var model in checks.SelectionModels)
        {
            var mu = model.Coefficients[0];
            adjusted.Add(Text($"the {FitResultTables.WeightFunctionName(model)} selection model {mu.Estimate:F3} [{mu.CiLower:F3}, {mu.CiUpper:F3}]"));
        }

        if (adjusted.Count > 0)
        {
            sentences.Add($"Adjusted for publication bias, the pooled effect is estimated at {string.Join("; ", adjusted)}.");
        }

        if (checks.SelectionModels.Count > 0)
        {
            var better = checks.SelectionModels.Where(m => m.LikelihoodRatio.PValue < 0.05).ToArray();
            sentences.Add(better.Length == 0
                ? "No selection model fits significantly better than the model without selection (likelihood-ratio tests, p ≥ 0.05)."
                : Text($"{better.Length} of {checks.SelectionModels.Count} selection models fit significantly better than the model without selection (likelihood-ratio p < 0.05), which points to selective publication."));
        }

        if (sentences.Count > 0 && k < 10)
        {
            sentences.Add(Text($"With only {k} effects these checks have little power: their silence is weak evidence that there is no bias."));
        }

        return string.Join(" ", sentences);
    }

    private static void Frequentist(FitResult result, List<string> sentences)
    {
        var first = result.Coefficients[0];
        var test = first.Df > 0 ? Text($"t({first.Df:0.#}) = {first.Statistic:F2}") : Text($"z = {first.Statistic:F2}");
        if (result.Coefficients.Count == 1)
        {
            sentences.Add(Text($"The pooled effect is {first.Estimate:F3} (95% CI {first.CiLower:F3} to {first.CiUpper:F3}; {test}, p {NumberFormat.PValueClause(first.PValue)}), {Significance(first.PValue)}."));
        }
        else
        {
            var moderators = result.ModeratorTest is { } m ? Text($" ({FitResultTables.Test(m)})") : string.Empty;
            var verdict = result.ModeratorTest is { } mt ? (mt.PValue < 0.05 ? "the moderators are associated with the effects" : "the data do not show the moderators to be associated with the effects") : "the model has several coefficients";
            sentences.Add($"In this meta-regression {verdict}{moderators}.");
            foreach (var slope in result.Coefficients.Skip(1))
            {
                var per = ResultTables.DoseUnit(result) is { } unit && slope.Name == "dose" ? $" per {unit}" : string.Empty;
                sentences.Add(Text($"The coefficient of {slope.Name}{per} is {slope.Estimate:F3} (95% CI {slope.CiLower:F3} to {slope.CiUpper:F3}, p {NumberFormat.PValueClause(slope.PValue)})."));
            }
        }

        if (result.Permutation is { PValues.Count: > 0 } permutation)
        {
            var kind = permutation.Exact ? $"an exact permutation test over all {permutation.Arrangements:N0} arrangements" : $"a permutation test of {permutation.Arrangements:N0} random arrangements (seed {permutation.Seed})";
            var slope = result.Coefficients.Count > 1 && permutation.HasModeratorPValue ? Text($"for the moderators p {NumberFormat.PValueClause(permutation.ModeratorPValue)}") : Text($"for the first coefficient p {NumberFormat.PValueClause(permutation.PValues[0])}");
            sentences.Add(Text($"By {kind}, which does not rely on normal sampling distributions, {slope}."));
        }

        if (result.Scale is { } scale)
        {
            var verdict = scale.Test.PValue < 0.05 ? "τ² differs with the scale moderators" : "the data do not show τ² to differ with the scale moderators";
            sentences.Add(Text($"In the scale part (log τ²) {verdict} ({FitResultTables.Test(scale.Test)})."));
        }

        if (result.HasSamplingCorrelation)
        {
            sentences.Add(Text($"The sampling errors of effects from the same study are taken as correlated, with an assumed working correlation ρ = {result.SamplingCorrelation:0.##} (V as metafor's vcalc); ρ is rarely reported, so read the estimate beside its sensitivity to ρ."));
        }

        if (ClusterRobust().Match(result.Description) is { Success: true } robust)
        {
            var smallest = result.Coefficients.Min(c => c.Df);
            var caution = smallest < 4 ? Text($" With as few as {smallest:0.#} degrees of freedom they are unreliable (Tipton 2015); read them with care.") : string.Empty;
            sentences.Add($"Standard errors, tests and intervals are {robust.Groups["type"].Value} cluster-robust with Satterthwaite degrees of freedom, so they hold even if the model misdescribes how effects of one study depend on each other.{caution}");
        }

        if (result.Heterogeneity is { } h)
        {
            if (h.HasSigma2Between)
            {
                sentences.Add(Text($"The variance of true effects is {h.Sigma2Between:F4} between studies and {h.Sigma2Within:F4} within them{Q(h)}."));
            }
            else if (h.HasTau2 && !h.HasI2)
            {
                // The GLMM's τ² is on the log odds ratio scale of the tables; there is no I² to go with it.
                sentences.Add(Text($"The variance of the true log odds ratios is τ² = {h.Tau2:F4}."));
            }
            else if (h.HasTau2)
            {
                var residual = h.Residual ? "residual " : string.Empty;
                sentences.Add(Text($"The {residual}heterogeneity is {Heterogeneity(h.I2)} (τ² = {h.Tau2:F4}, I² = {h.I2:F1}%{Q(h)})."));
            }
        }

        if (result.Prediction is { } prediction)
        {
            sentences.Add(Text($"The effect in a new study is expected between {prediction.PiLower:F3} and {prediction.PiUpper:F3} (95% prediction interval)."));
        }
    }

    private static void Subgroups(FitResult result, List<string> sentences)
    {
        var estimates = result.Subgroups.Select(g => g.Estimate is { } c
            ? Text($"{g.Level} {c.Estimate:F3} [{c.CiLower:F3}, {c.CiUpper:F3}] (k = {g.K})")
            : Text($"{g.Level} {g.Posterior.Mean:F3} [{g.Posterior.Lower:F3}, {g.Posterior.Upper:F3}] (k = {g.K})"));
        sentences.Add($"The subgroup estimates are {string.Join("; ", estimates)}.");
        if (result.SubgroupTest is { } test)
        {
            sentences.Add(Text($"The test of subgroup differences gives {FitResultTables.Test(test)}: {(test.PValue < 0.05 ? "the subgroups differ" : "the data do not show the subgroups to differ")}."));
        }

        Evidence(result, sentences);
    }

    private static void Bayesian(FitResult result, List<string> sentences)
    {
        var location = result.Parameters.FirstOrDefault(p => p.Name == "mu") ?? result.Parameters[0];
        var positive = location.HasProbabilityPositive ? Text($"; the posterior probability that it is above 0 is {location.ProbabilityPositive:F2}") : string.Empty;
        var name = location.Name == "mu" ? "The pooled effect" : $"The posterior of {location.Name}";
        sentences.Add(Text($"{name} has posterior mean {location.Mean:F3} (95% CrI {location.Lower:F3} to {location.Upper:F3}){positive}."));
        if (result.Parameters.FirstOrDefault(p => p.Name == "tau") is { } tau)
        {
            sentences.Add(Text($"The standard deviation of true effects τ has posterior mean {tau.Mean:F3} (95% CrI {tau.Lower:F3} to {tau.Upper:F3})."));
        }
        else if (result.Parameters.FirstOrDefault(p => p.Name == "sigma_between") is { } between && result.Parameters.FirstOrDefault(p => p.Name == "sigma_within") is { } within)
        {
            sentences.Add(Text($"The standard deviations of true effects are {between.Mean:F3} between studies and {within.Mean:F3} within them (posterior means)."));
        }

        if (result.Parameters.FirstOrDefault(p => p.Name == "theta_new") is { } next)
        {
            sentences.Add(Text($"The effect in a new study lies between {next.Lower:F3} and {next.Upper:F3} with 95% probability."));
        }

        Evidence(result, sentences);
    }

    /// <summary>Each Bayes factor in words: which way it points and how strongly (Jeffreys' categories as Lee and Wagenmakers give them).</summary>
    private static void Evidence(FitResult result, List<string> sentences)
    {
        foreach (var factor in result.BayesFactors)
        {
            var bf = Math.Exp(factor.LogBayesFactor);
            var (strength, direction) = bf >= 1 ? (Strength(bf), "for") : (Strength(1 / bf), "against");
            sentences.Add(Text($"The Bayes factor for {factor.Description} is {NumberFormat.Scientific(bf)}: {strength} evidence {direction} it."));
        }
    }

    private static string Strength(double bayesFactor) => bayesFactor switch
    {
        < 3 => "anecdotal",
        < 10 => "moderate",
        < 30 => "strong",
        < 100 => "very strong",
        _ => "extreme",
    };

    private static string Heterogeneity(double i2) => i2 switch
    {
        < 25 => "low",
        < 50 => "moderate",
        < 75 => "substantial",
        _ => "considerable",
    };

    private static string Significance(double p) => p < 0.05 ? "which differs from zero at the 5% level" : "so the data are compatible with no effect";

    private static string Q(Heterogeneity h) => h.HasQe ? Text($"; Q({h.QeDf}) = {h.Qe:F2}, p {NumberFormat.PValueClause(h.QePValue)}") : string.Empty;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<type>CR\d) cluster-robust")]
    private static partial Regex ClusterRobust();
}
