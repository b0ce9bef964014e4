using System.Globalization;
using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Cli.Data;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Validation;
using SdkDoseCurve = MetaAnalysis.ClientSdk.Builders.DoseCurve;

namespace MetaAnalysis.Cli.Plans;

/// <summary>
/// Turns an analysis plan and its table into the contract's batch request, built with the SDK's builders
/// exactly as another .NET tool would build it: one data set, one model per plan model, the correlation
/// sweep as a model of its own, and the publication-bias checks. The same request runs locally and on
/// the service.
/// </summary>
/// <remarks>
/// <para>Data: with <c>data.measure</c> the raw columns go as metafor's columns (the effect sizes are
/// computed by the analysis layer, with the imputed pre/post correlation where one is needed); otherwise
/// the table's yi and vi (or sei²). The effects are computed here first, so that a bad cell is reported
/// with its file, line and column before anything runs. Labels, the study column (as clusters), the one
/// dose column and every moderator column a model uses go along; text columns are categorical.</para>
/// <para>Models: random effects (with moderators: a meta-regression), three levels, dose-response curves
/// on the scaled dose with knots or a knot count (and the structure and further moderators), subgroups
/// (a separate τ² per subgroup on the frequentist engine, a common τ on the Bayesian ones), cluster-robust
/// inference as the frequentist engine's option; each model's reference levels as its own. Reporting: a
/// predictive distribution where there is one overall effect, the marginal likelihood (exact) or PSIS-LOO
/// (NUTS), and the figures' data.</para>
/// </remarks>
public static class PlanRequest
{
    /// <summary>The name of the sweep's model in the batch.</summary>
    public const string SensitivityModel = "sensitivity (pre/post correlation)";

    /// <summary>The name of the ρ sweep's model in the batch.</summary>
    public const string RhoSensitivityModel = "sensitivity (sampling correlation ρ)";

    /// <summary>The name of the influence diagnostics' model in the batch.</summary>
    public const string InfluenceModel = "influence (random effects, REML)";

    /// <summary>The name of the cumulative analysis's model in the batch.</summary>
    public const string CumulativeModel = "cumulative (random effects, REML)";

    /// <summary>The name of the three-level influence diagnostics' model in the batch (with ", rho …" on V).</summary>
    public const string ThreeLevelInfluenceModel = "influence (three-level, REML)";

    /// <summary>The name of the three-level cumulative analysis's model in the batch (with ", rho …" on V).</summary>
    public const string ThreeLevelCumulativeModel = "cumulative (three-level, REML)";

    /// <summary>Maps <paramref name="plan"/> on <paramref name="table"/>.</summary>
    /// <exception cref="InvalidInputException">A model cannot be expressed (the field names the plan's option).</exception>
    /// <exception cref="StudyTableException">A cell the analysis needs is bad (file, line and column say where).</exception>
    public static PlanBatch Build(AnalysisPlan plan, StudyTable table)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(table);
        var data = EffectSizeColumns.Compute(table, plan.Data);
        var columns = new ModeratorColumns();
        var dose = DoseColumn(plan, table);
        var analyses = plan.Models.Select(model => (model.Name, Analysis: Analysis(model, table, columns))).ToList();
        var batch = new BatchBuilder(DataSet(plan.Data, table, data, columns, dose)).Title(plan.Title).WithPublicationBiasChecks(false);
        foreach (var (name, analysis) in analyses)
        {
            batch.Add(name, analysis);
        }

        if (plan.Sensitivity is { } sweep)
        {
            var swept = sweep.Models.Select(name => new NamedAnalysis(name, analyses.Single(a => a.Name == name).Analysis)).ToArray();
            batch.Add(UniqueName(SensitivityModel, plan.Models), new AnalysisBuilder().CorrelationSweep(sweep.Correlations, swept));
        }

        if (plan.RhoSensitivity is { } rhoSweep)
        {
            var swept = rhoSweep.Models.Select(name => new NamedAnalysis(name, analyses.Single(a => a.Name == name).Analysis)).ToArray();
            batch.Add(UniqueName(RhoSensitivityModel, plan.Models), new AnalysisBuilder().SamplingCorrelationSweep(rhoSweep.Correlations, swept));
        }

        if (plan.PublicationBias is { Any: true } bias)
        {
            batch.Add(UniqueName(BatchBuilder.PublicationBiasModelName, plan.Models), new AnalysisBuilder().PublicationBias(
                bias.Egger,
                bias.Begg,
                bias.TrimAndFill,
                bias.FailSafeN,
                petPeese: bias.PetPeese,
                selectionModels: bias.SelectionModels,
                petPeeseLessIsSelected: bias.PetPeeseDirection == "less").Frequentist());
        }

        if (plan.Diagnostics.Influence)
        {
            batch.Add(UniqueName(InfluenceModel, plan.Models), new AnalysisBuilder().Influence().Frequentist());
        }

        if (plan.Diagnostics.Cumulative)
        {
            batch.Add(UniqueName(CumulativeModel, plan.Models), new AnalysisBuilder().Cumulative().Frequentist());
        }

        if (plan.Diagnostics is { ThreeLevel: true } nested)
        {
            var onV = nested.Rho is { } rho ? string.Create(CultureInfo.InvariantCulture, $", rho {rho}") : string.Empty;
            if (nested.Influence)
            {
                var influence = nested.Rho is { } r ? new AnalysisBuilder().ThreeLevelInfluence(r) : new AnalysisBuilder().ThreeLevelInfluence();
                batch.Add(UniqueName($"{ThreeLevelInfluenceModel}{onV}", plan.Models), influence.Frequentist());
            }

            if (nested.Cumulative)
            {
                var cumulative = nested.Rho is { } r ? new AnalysisBuilder().ThreeLevelCumulative(r) : new AnalysisBuilder().ThreeLevelCumulative();
                batch.Add(UniqueName($"{ThreeLevelCumulativeModel}{onV}", plan.Models), cumulative.Frequentist());
            }
        }

        return new PlanBatch(batch.Build());
    }

    /// <summary>
    /// Checks <paramref name="request"/> with the validator the server and the workers use, so a plan fails
    /// before anything runs or is sent, with the plan's field (or the data file's cell) named.
    /// </summary>
    /// <exception cref="InvalidInputException">A field of the plan is bad.</exception>
    /// <exception cref="StudyTableException">A cell of the table is bad.</exception>
    public static void Validate(SubmitBatchRequest request, AnalysisPlan plan, StudyTable table)
    {
        try
        {
            MetaAnalysis.Analysis.Validation.BatchValidator.Check(request);
        }
        catch (InvalidInputException exception)
        {
            throw PlanErrors.Locate(exception, plan, table, request.Data);
        }
    }

    private static AnalysisBuilder Analysis(ModelPlan model, StudyTable table, ModeratorColumns columns)
    {
        var analysis = new AnalysisBuilder();
        try
        {
            var moderators = model.Moderators.Select(column => columns.Add(Moderator(model, table, column))).ToArray();
            var threeLevel = model.Structure == ModelStructure.ThreeLevel;
            var structure = threeLevel ? Structure.ThreeLevel : Structure.RandomEffects;
            if (model.Averaging is { } averaging)
            {
                static EnsembleComponent Component(string code) => code switch
                {
                    "absent" => EnsembleComponent.AbsentOnly,
                    "present" => EnsembleComponent.PresentOnly,
                    _ => EnsembleComponent.Both,
                };
                var bias = averaging.Bias.Count == 0
                    ? EnsembleBiasAdjustments.All
                    : averaging.Bias.Select(b => b switch
                    {
                        "none" => EnsembleBiasAdjustments.NoAdjustment,
                        "weight_functions" => EnsembleBiasAdjustments.WeightFunctions,
                        "pet" => EnsembleBiasAdjustments.Pet,
                        _ => EnsembleBiasAdjustments.Peese,
                    }).Aggregate((a, b) => a | b);
                return analysis.RobustAveraging(Component(averaging.Effect), Component(averaging.Heterogeneity), bias, structure);
            }

            if (model.Subgroups is { } subgroups)
            {
                analysis.Subgroups(columns.Add(Moderator(model, table, subgroups)), SubgroupTau2.Unspecified, structure);
            }
            else if (model.Dose is { } dose)
            {
                analysis.DoseResponse(Curve(dose), dose.Scale, structure, moderators);
                if (dose.Unit is { } unit)
                {
                    analysis.DoseUnit(unit);
                }

            }
            else if (model.Structure == ModelStructure.BinomialNormal)
            {
                analysis.BinomialNormal();
            }
            else if (threeLevel)
            {
                _ = model.SamplingCorrelation is { } rho ? analysis.ThreeLevel(rho, moderators) : analysis.ThreeLevel(moderators);
            }
            else if (model.SelectionSteps is { } steps)
            {
                analysis.StepSelection([.. steps]);
            }
            else
            {
                _ = moderators.Length == 0 ? analysis.RandomEffects() : analysis.MetaRegression(moderators);
            }

            if (model.ScaleModerators.Count > 0)
            {
                analysis.ScaleModerators([.. model.ScaleModerators.Select(column => columns.Add(ScaleModerator(model, table, column)))]);
            }

            foreach (var (column, level) in model.References)
            {
                analysis.ReferenceLevel(column, level);
            }

            Engine(analysis, model);
            Priors(analysis, model);
            Report(analysis, model, hasSlopes: moderators.Length > 0 || model.Dose is { Curve: not DoseCurve.Emax } || model.Subgroups is not null || model.ScaleModerators.Count > 0);
        }
        catch (ArgumentException exception) when (exception is not InvalidInputException)
        {
            // The builders refuse values outside a parameter's domain; the plan reader has checked most.
            throw new InvalidInputException(model.Path, exception.Message);
        }

        return analysis;
    }

    private static void Engine(AnalysisBuilder analysis, ModelPlan model)
    {
        switch (model.Engine)
        {
            case ModelEngine.Frequentist:
                var method = model.Method.ToUpperInvariant() is "FE" or "CE" ? "EE" : model.Method.ToUpperInvariant();
                var test = model.Test.ToLowerInvariant() is "hksj" ? "knha" : model.Test.ToLowerInvariant();
                analysis.Frequentist(
                    ContractCodes.FromCode<Tau2Method>(method),
                    ContractCodes.FromCode<CoefficientTest>(test),
                    model.Robust is { } robust ? ContractCodes.FromCode<RobustEstimator>(robust) : null);
                if (model.Permutation is { } permutation)
                {
                    analysis.Permutation(permutation.Iterations, (ulong)permutation.Seed);
                }

                break;
            case ModelEngine.Exact:
                analysis.ExactBayes();
                break;
            default:
                var sampler = model.Sampler;
                analysis.Nuts(sampler.Seed, sampler.Chains, sampler.Warmup, sampler.Iterations, sampler.TargetAcceptance);
                break;
        }
    }

    private static void Priors(AnalysisBuilder analysis, ModelPlan model)
    {
        if (model.Priors is not { } priors)
        {
            return;
        }

        if (model.Dose is { Curve: DoseCurve.Emax })
        {
            analysis.EmaxPriors(priors.E0.Mean, priors.E0.Sd, priors.Emax.Mean, priors.Emax.Sd, priors.Ed50).TauPrior(priors.Tau);
            return;
        }

        if (priors.Mu is { } mu)
        {
            analysis.MuPrior(mu.Mean, mu.Sd);
        }

        var hasSlopes = model.Moderators.Count > 0 || model.Dose is not null || model.Subgroups is not null;
        if (hasSlopes && priors.Slopes is { } slopes)
        {
            analysis.SlopesPrior(slopes.Mean, slopes.Sd);
        }

        if (priors.ScaleIntercept is { } scaleIntercept)
        {
            analysis.ScaleCoefficientPriors(scaleIntercept.Mean, scaleIntercept.Sd, priors.ScaleSlopes.Mean, priors.ScaleSlopes.Sd);
        }
        else if (model.Structure == ModelStructure.ThreeLevel)
        {
            analysis.SigmaBetweenPrior(priors.SigmaBetween).SigmaWithinPrior(priors.SigmaWithin);
        }
        else
        {
            analysis.TauPrior(priors.Tau);
        }
    }

    private static void Report(AnalysisBuilder analysis, ModelPlan model, bool hasSlopes)
    {
        // A prediction for a new study only where there is one overall effect.
        if (!hasSlopes && model.Dose is null)
        {
            analysis.Predictive();
        }

        _ = model.Engine switch
        {
            ModelEngine.Exact => analysis.MarginalLikelihood(),
            ModelEngine.Nuts => analysis.Loo(),
            _ => analysis,
        };
        analysis.PlotData();
    }

    private static SdkDoseCurve Curve(DosePlan dose) => dose.Curve switch
    {
        DoseCurve.Linear => SdkDoseCurve.Linear,
        DoseCurve.Quadratic => SdkDoseCurve.Quadratic,
        DoseCurve.Logarithmic => SdkDoseCurve.Logarithmic(),
        DoseCurve.Emax => SdkDoseCurve.Emax,
        _ => dose.Knots is { } knots ? SdkDoseCurve.Spline(knots) : SdkDoseCurve.Spline(dose.KnotCount),
    };

    /// <summary>The moderator <paramref name="column"/>: numeric as it is, text categorical (its reference is the model's, set on the model); missing cells stay missing.</summary>
    private static TableModerator Moderator(ModelPlan model, StudyTable table, string column)
    {
        if (!table.Has(column))
        {
            throw new InvalidInputException(model.Moderators.Contains(column) ? $"{model.Path}.moderators" : $"{model.Path}.subgroups", $"'{column}' is not a column of {table.Source} (columns: {string.Join(", ", table.Columns)})");
        }

        return table.IsNumeric(column)
            ? new TableModerator(column, table.Numbers(column), null)
            : new TableModerator(column, null, table.Text(column).Select(level => string.IsNullOrWhiteSpace(level) ? string.Empty : level).ToArray());
    }

    /// <summary>A scale moderator <paramref name="column"/> of a location-scale model, read as <see cref="Moderator"/> reads any.</summary>
    private static TableModerator ScaleModerator(ModelPlan model, StudyTable table, string column) =>
        table.Has(column)
            ? Moderator(model, table, column)
            : throw new InvalidInputException($"{model.Path}.scale_moderators", $"'{column}' is not a column of {table.Source} (columns: {string.Join(", ", table.Columns)})");

    /// <summary>The one dose column of the plan's dose-response models (a data set has one).</summary>
    private static double[]? DoseColumn(AnalysisPlan plan, StudyTable table)
    {
        var doseModels = plan.Models.Where(m => m.Dose is not null).ToArray();
        if (doseModels.Length == 0)
        {
            return null;
        }

        var column = doseModels[0].Dose!.Column;
        var other = doseModels.FirstOrDefault(m => m.Dose!.Column != column);
        if (other is not null)
        {
            throw new InvalidInputException($"{other.Path}.dose.column", $"a data set has one dose column, and another model uses '{column}'; fit this model in a plan of its own");
        }

        if (!table.Has(column))
        {
            throw new InvalidInputException($"{doseModels[0].Path}.dose.column", $"'{column}' is not a column of {table.Source} (columns: {string.Join(", ", table.Columns)})");
        }

        var doses = table.Numbers(column);
        var bad = Array.FindIndex(doses, d => !double.IsNaN(d) && (!double.IsFinite(d) || d < 0));
        return bad < 0 ? doses : throw new StudyTableException($"{table.Locate(bad, column)}: a dose must be a number of at least 0");
    }

    private static DataSet DataSet(DataPlan plan, StudyTable table, TableEffects data, ModeratorColumns moderators, double[]? dose)
    {
        DataSetBuilder builder;
        if (data.Measure is { } measure)
        {
            builder = DataSetBuilder.FromRawColumns(ContractCodes.FromCode<EffectMeasure>(measure));
            foreach (var name in EffectSizeColumns.RawColumns)
            {
                // Columns the measure does not use may hold anything; the ones it uses were read as numbers above.
                var column = plan.ColumnFor(name);
                if (table.Has(column) && table.IsNumeric(column))
                {
                    builder.Column(Enum.Parse<RawColumn>(name, ignoreCase: true), table.Numbers(column));
                }
            }

            if (plan.ImputedCorrelation is { } r)
            {
                builder.ImputedCorrelation(r);
            }
        }
        else
        {
            builder = DataSetBuilder.FromEffectSizes(data.Yi, data.Vi);
        }

        builder.Labels(data.Labels).MissingValues(plan.FailOnMissing ? MissingValues.Fail : MissingValues.Omit);
        if (data.Studies is { } studies)
        {
            builder.Clusters(studies);
        }

        if (dose is not null)
        {
            builder.Dose(dose);
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
}
