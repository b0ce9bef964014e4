using System.Globalization;
using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Cli.Plans;
using MetaAnalysis.Cli.Running;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;

namespace MetaAnalysis.Cli.Remote;

/// <summary>
/// Turns an analysis plan and its table into the service's batch: one shared data set and one batch model
/// per plan model, plus the plan's publication-bias checks as a model of their own.
/// </summary>
/// <remarks>
/// <para>
/// Data: with <c>data.measure</c> the raw columns (under the plan's column names) go to the server, which
/// computes the effect sizes, with the imputed pre/post correlation when one was needed; otherwise the
/// table's yi and vi (or sei²). The effects are computed locally first, so a bad cell is reported with its
/// file, line and column before anything is sent. Labels and the study column (as clusters) go along.
/// </para>
/// <para>
/// Models: random effects without moderators → <c>random_effects</c>; with moderators →
/// <c>meta_regression</c>; three levels → <c>three_level</c>, or <c>robust</c> with <c>robust: CR2</c>.
/// Subgroups become a subgroups model (a separate τ² per subgroup on the frequentist engine, a common τ on
/// the Bayesian ones, as the local run fits them); three-level subgroups a three-level meta-regression. Linear, spline, log and quadratic
/// dose curves are linear in their coefficients, so their basis columns (scaled and with the knots exactly
/// as the local run builds them) are sent as numeric moderators; an Emax curve becomes
/// <c>dose_response</c> (Emax) on the scaled dose. Engines: frequentist (τ² method, z or Knapp-Hartung),
/// exact (with the log marginal likelihood) or NUTS (the sampler settings and seed, with PSIS-LOO).
/// </para>
/// <para>The correlation sweep is not sent: a batch has one data set.</para>
/// </remarks>
public static class PlanToSpec
{
    /// <summary>The batch model that runs the plan's publication-bias checks.</summary>
    public const string PublicationBiasModel = "publication bias";

    /// <summary>Maps <paramref name="plan"/> on <paramref name="table"/>.</summary>
    /// <exception cref="InvalidInputException">A model uses something the service cannot express (the field names the plan's option).</exception>
    /// <exception cref="StudyTableException">A cell the analysis needs is bad (file, line and column say where).</exception>
    public static RemoteBatch Map(AnalysisPlan plan, StudyTable table)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(table);
        var data = EffectSizeColumns.Compute(table, plan.Data);
        var moderators = new ModeratorColumns();
        var notes = new List<RemoteNote>();
        var models = new List<(string Name, AnalysisBuilder Analysis)>();
        EmaxDose? dose = null;
        foreach (var model in plan.Models)
        {
            var analysis = Engine(model);
            if (model.Dose is { Curve: DoseCurve.Emax } emax)
            {
                dose = EmaxDose.Check(dose, model, emax, ModelDesign.Create(model, data).Dose!.Doses);
                EmaxCurve(analysis, model);
                if (model.Structure == ModelStructure.ThreeLevel)
                {
                    notes.Add(new RemoteNote(model.Name, "the service's Emax model has no study-level random effect; τ is the between-effect standard deviation"));
                }
            }
            else
            {
                var names = Moderators(model, data, moderators);
                Structure(analysis, model, names);
                Report(analysis, model, names.Length > 0);
                Priors(analysis, model, names.Length > 0);
                if (model.Subgroups is { } column && model.Structure == ModelStructure.RandomEffects)
                {
                    // As the local run: a separate τ² per subgroup on the frequentist engine, one
                    // meta-regression with a common τ on the Bayesian ones (the contract's defaults).
                    analysis.Subgroups(moderators.Add(ModelDesign.Moderator(model, data.Table, column)));
                }
            }

            models.Add((model.Name, analysis));
        }

        if (plan.PublicationBias is { Any: true } bias)
        {
            var name = UniqueName(PublicationBiasModel, plan.Models);
            models.Add((name, new AnalysisBuilder().PublicationBias(bias.Egger, bias.Begg, bias.TrimAndFill, bias.FailSafeN).Frequentist()));
        }

        if (plan.Sensitivity is not null)
        {
            notes.Add(new RemoteNote(null, "the correlation sweep (sensitivity) is not sent: a batch has one data set; compare and report run it"));
        }

        var batch = new BatchBuilder(DataSet(plan.Data, table, data, moderators, dose));
        foreach (var (name, analysis) in models)
        {
            batch.Add(name, analysis);
        }

        return new RemoteBatch(batch.Build(), notes);
    }

    private static AnalysisBuilder Engine(ModelPlan model)
    {
        var analysis = new AnalysisBuilder();
        return model.Engine switch
        {
            ModelEngine.Frequentist => analysis.Frequentist(Tau2Method(model), Test(model)),
            ModelEngine.Exact => analysis.ExactBayes(),
            _ => analysis.Nuts(
                model.Sampler.Seed,
                (uint)model.Sampler.Chains,
                (uint)model.Sampler.Warmup,
                (uint)model.Sampler.Iterations,
                model.Sampler.TargetAcceptance),
        };
    }

    private static void EmaxCurve(AnalysisBuilder analysis, ModelPlan model)
    {
        // The plan reader has already required all four priors of an Emax model.
        var priors = model.Priors!;
        var path = $"{model.Path}.priors";
        analysis.EmaxDoseResponse()
            .EmaxPriors(PriorSpecs.Normal(priors.E0)!, PriorSpecs.Normal(priors.Emax)!, PriorSpecs.Positive(priors.Ed50, $"{path}.ed50")!)
            .TauPrior(PriorSpecs.Scale(priors.Tau, $"{path}.tau")!)
            .Loo();
    }

    private static string Tau2Method(ModelPlan model)
    {
        var method = model.Method.ToUpperInvariant();

        // metafor's older names of the equal-effects model.
        return method is "FE" or "CE" ? "EE" : method;
    }

    private static string Test(ModelPlan model) => model.Test.ToLowerInvariant() switch
    {
        "z" => "z",
        "t" => "t",
        "knha" or "hksj" => "knha",
        _ => throw new InvalidInputException($"{model.Path}.test", $"'{model.Test}' is not offered by the service, which tests with z or knha (Knapp-Hartung); fit this model locally (compare)"),
    };

    /// <summary>The data-set names of the model's moderators: dose basis columns first, then the moderators (or the subgroup column).</summary>
    private static string[] Moderators(ModelPlan model, AnalysisData data, ModeratorColumns columns)
    {
        var names = new List<string>();
        if (model.Dose is not null)
        {
            var basis = ModelDesign.Create(model with { Moderators = [], References = new Dictionary<string, string>() }, data).Matrix;
            for (var j = basis.HasIntercept ? 1 : 0; j < basis.Columns; j++)
            {
                names.Add(columns.Add(Moderator.Continuous(basis.ColumnNames[j], basis.X.Column(j).ToArray())));
            }
        }

        var moderatorColumns = model.Subgroups is { } subgroups ? [subgroups] : model.Moderators;
        names.AddRange(moderatorColumns.Select(column => columns.Add(ModelDesign.Moderator(model, data.Table, column))));
        return [.. names];
    }

    private static void Structure(AnalysisBuilder analysis, ModelPlan model, string[] moderators)
    {
        if (model.Structure == ModelStructure.RandomEffects)
        {
            _ = moderators.Length == 0 ? analysis.RandomEffects() : analysis.MetaRegression(moderators);
            return;
        }

        if (model.Robust is null)
        {
            analysis.ThreeLevel(moderators);
            return;
        }

        if (model.Robust != "CR2")
        {
            throw new InvalidInputException($"{model.Path}.robust", $"'{model.Robust}' is not offered by the service, which computes CR2 standard errors; fit this model locally (compare)");
        }

        analysis.Robust(moderators);
    }

    private static void Report(AnalysisBuilder analysis, ModelPlan model, bool hasModerators)
    {
        // As the local run: a prediction for a new study only where there is one overall effect.
        if (!hasModerators)
        {
            analysis.Predictive();
        }

        _ = model.Engine switch
        {
            ModelEngine.Exact => analysis.MarginalLikelihood(),
            ModelEngine.Nuts => analysis.Loo(),
            _ => analysis,
        };
    }

    private static void Priors(AnalysisBuilder analysis, ModelPlan model, bool hasSlopes)
    {
        if (model.Priors is not { } priors)
        {
            return;
        }

        var path = $"{model.Path}.priors";
        if (priors.Intercept is { } mu)
        {
            analysis.MuPrior(mu.Mean, mu.Sd);
        }

        if (hasSlopes && priors.Slopes is { } slopes)
        {
            analysis.SlopesPrior(slopes.Mean, slopes.Sd);
        }

        if (model.Structure == ModelStructure.ThreeLevel)
        {
            analysis.SigmaBetweenPrior(PriorSpecs.Scale(priors.SigmaBetween, $"{path}.sigma_between")!)
                .SigmaWithinPrior(PriorSpecs.Scale(priors.SigmaWithin, $"{path}.sigma_within")!);
        }
        else
        {
            analysis.TauPrior(PriorSpecs.Scale(priors.Tau, $"{path}.tau")!);
        }
    }

    private static Contracts.V1.DataSet DataSet(DataPlan plan, StudyTable table, AnalysisData data, ModeratorColumns moderators, EmaxDose? dose)
    {
        DataSetBuilder builder;
        if (data.Measure is { } measure)
        {
            builder = DataSetBuilder.FromRawColumns(measure);
            foreach (var name in EffectSizeColumns.RawColumns)
            {
                // Columns the measure does not use may hold anything; the ones it uses were read as numbers above.
                var column = plan.ColumnFor(name);
                if (table.Has(column) && table.IsNumeric(column))
                {
                    builder.Column(name, table.Numbers(column));
                }
            }

            if (data.ImputedCorrelation is { } r)
            {
                builder.ImputedCorrelation(r);
            }
        }
        else
        {
            builder = DataSetBuilder.FromEffectSizes(data.Effects.Yi, data.Effects.Vi);
        }

        builder.Labels(data.Effects.Labels);
        if (data.Studies is { } studies)
        {
            builder.Clusters(studies);
        }

        if (dose is not null)
        {
            builder.Dose(dose.Scaled);
        }

        moderators.AddTo(builder);
        return builder.Build();
    }

    private static string UniqueName(string name, IReadOnlyList<ModelPlan> models)
    {
        var candidate = name;
        for (var n = 2; models.Any(m => m.Name == candidate); n++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{name} ({n})");
        }

        return candidate;
    }

    /// <summary>The data set's one dose column, on the scale of the Emax models that use it.</summary>
    private sealed record EmaxDose(string Column, double Scale, double[] Scaled)
    {
        /// <summary>The dose of <paramref name="model"/>; a second Emax model must use the same column and scale.</summary>
        public static EmaxDose Check(EmaxDose? current, ModelPlan model, DosePlan dose, IReadOnlyList<double> doses)
        {
            if (current is null)
            {
                return new EmaxDose(dose.Column, dose.Scale, doses.Select(d => d / dose.Scale).ToArray());
            }

            return current.Column == dose.Column && current.Scale.Equals(dose.Scale)
                ? current
                : throw new InvalidInputException($"{model.Path}.dose", string.Create(CultureInfo.InvariantCulture, $"a batch has one dose column, and another Emax model uses '{current.Column}' / {current.Scale}; fit this model on its own (--model) or locally"));
        }
    }
}
