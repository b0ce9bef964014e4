using System.Text.Json.Nodes;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.Core.Data;
using MetaAnalysis.Core.Splines;

namespace MetaAnalysis.Cli.Conformance.Tasks;

/// <summary>
/// <c>rma_mv</c>: the three-level model <c>rma.mv(yi, vi, mods, random = ~ 1 | cluster/effect)</c>,
/// optionally with one moderator replaced by its restricted cubic spline basis.
/// </summary>
/// <remarks>
/// The contract's three-level model takes moderators as they are; a spline of a moderator is its
/// three-level spline dose-response curve on that moderator (the basis first, then the other moderators),
/// whose coefficients are put back in the case's order: the basis where the moderator was.
/// </remarks>
public sealed class RmaMvTask : IConformanceTask
{
    /// <inheritdoc />
    public string Name => "rma_mv";

    /// <inheritdoc />
    public JsonObject Run(ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var (spec, order) = Spec(testCase);
        var result = CaseAnalysis.Fit(spec);
        var figures = Figures.Model(InCaseOrder(result, order));
        figures["sigma2"] = Figures.Array([result.Heterogeneity.Sigma2Between, result.Heterogeneity.Sigma2Within]);
        return figures;
    }

    /// <summary>
    /// The spec of a case of this task (also the base model of <c>robust</c>), and where each of the case's
    /// coefficients is among the result's (null: the same order).
    /// </summary>
    internal static (ModelSpec Spec, int[]? Order) Spec(ConformanceCase testCase)
    {
        var options = testCase.Options;
        var random = CaseReader.Text(options, "random") ?? "cluster/effect";
        if (random != "cluster/effect")
        {
            throw new UnsupportedCaseException($"random structure '{random}' is not supported (only cluster/effect)");
        }

        var method = CaseReader.Text(options, "method") ?? "REML";
        if (method is not ("REML" or "ML"))
        {
            throw new UnsupportedCaseException($"method '{method}' is not supported for rma_mv (REML or ML)");
        }

        var spec = new ModelSpec
        {
            Data = CaseAnalysis.EffectSizes(testCase.Data),
            Engine = new Engine { Frequentist = CaseAnalysis.Frequentist(options) },
            Report = new Reporting { Level = CaseReader.Level(options) },
        };
        var moderators = CaseReader.Moderators(testCase.Data);
        if (options["spline"] is not JsonObject spline)
        {
            spec.Model = new Model { ThreeLevel = new ThreeLevelSpec { Moderators = { moderators.Select(m => m.Name) } } };
            return (spec, null);
        }

        var type = CaseReader.Text(spline, "type") ?? "rcs";
        var norm = CaseReader.Number(spline, "norm") ?? 2;
        if (type != "rcs" || norm != 2)
        {
            throw new UnsupportedCaseException($"spline type '{type}' with norm {norm} is not supported (rcs, norm 2)");
        }

        var variable = CaseReader.Text(spline, "variable") ?? throw new FormatException("options.spline.variable is required");
        var at = moderators.ToList().FindIndex(m => m.Name == variable);
        if (at < 0 || moderators[at] is not ContinuousModerator moderator)
        {
            throw new FormatException($"options.spline.variable '{variable}' is not a numeric moderator in data.moderators");
        }

        if (moderator.Values.Any(v => v < 0))
        {
            // The contract's spline is a dose-response curve, and doses are never negative.
            throw new UnsupportedCaseException($"a spline of '{variable}', which has negative values, is not supported");
        }

        var curve = new DoseResponseSpec { Curve = DoseResponseCurve.Spline, Structure = Structure.ThreeLevel };
        curve.Moderators.AddRange(moderators.Where(m => m.Name != variable).Select(m => m.Name));
        switch (spline["knots"])
        {
            case JsonArray positions:
                curve.Knots.AddRange(positions.Select(p => p!.GetValue<double>()));
                break;
            case JsonValue count:
                curve.KnotCount = (uint)count.GetValue<int>();
                break;
            default:
                curve.KnotCount = RestrictedCubicSpline.DefaultKnotCount;
                break;
        }

        spec.Data.Dose.AddRange(moderator.Values);
        spec.Model = new Model { DoseResponse = curve };
        var basis = (curve.Knots.Count > 0 ? curve.Knots.Count : (int)curve.KnotCount) - 1;
        return (spec, SplineOrder(moderators, at, basis));
    }

    /// <summary>The result's coefficients in the case's order (<paramref name="order"/> null: as they are).</summary>
    internal static FitResult InCaseOrder(FitResult result, int[]? order)
    {
        if (order is null)
        {
            return result;
        }

        var ordered = result.Clone();
        ordered.Coefficients.Clear();
        ordered.Coefficients.AddRange(order.Select(i => result.Coefficients[i]));
        return ordered;
    }

    /// <summary>
    /// The result's columns are the intercept, the <paramref name="basis"/> spline columns and the other
    /// moderators' columns; the case's have the basis in place of moderator <paramref name="at"/>.
    /// </summary>
    private static int[] SplineOrder(IReadOnlyList<Moderator> moderators, int at, int basis)
    {
        static int Columns(Moderator m) => m is CategoricalModerator c ? c.Levels.Count - 1 : 1;
        var before = moderators.Take(at).Sum(Columns);
        var after = moderators.Skip(at + 1).Sum(Columns);
        return [0, .. Enumerable.Range(1 + basis, before), .. Enumerable.Range(1, basis), .. Enumerable.Range(1 + basis + before, after)];
    }
}
