using System.Globalization;
using MetaAnalysis.Cli.Commands;
using MetaAnalysis.Cli.Reports;
using MetaAnalysis.Contracts.V1;
using Spectre.Console;
using static MetaAnalysis.Cli.Reports.NumberFormat;

namespace MetaAnalysis.Cli.Remote;

/// <summary>The server's jobs, batches and results as terminal tables.</summary>
public static class RemoteTables
{
    /// <summary>A job: its state, then its failure or its result's tables.</summary>
    public static void WriteJob(IAnsiConsole console, Job job)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(job);
        var name = job.Name.Length > 0 ? $"{job.Name} ({job.JobId})" : job.JobId;
        console.Write(new Rule($"[bold]{Markup.Escape(name)}[/]").LeftJustified());
        console.MarkupLine(Markup.Escape($"{State(job.State)}, attempt {job.Attempt}{(job.BatchId.Length > 0 ? $", batch {job.BatchId}" : string.Empty)}"));
        if (job.Failure is { } failure)
        {
            console.MarkupLine($"[red]failed:[/] {Markup.Escape(Failure(failure))}");
        }

        if (job.Result is { } result)
        {
            WriteResult(console, result);
        }
    }

    /// <summary>A batch: one line per job, then (with <paramref name="results"/>) every job's result, then the comparison.</summary>
    public static void WriteBatch(IAnsiConsole console, Batch batch, bool results)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(batch);
        ConsoleTables.Write(console, Overview(batch), textColumns: 4);
        if (results)
        {
            foreach (var job in batch.Jobs.Where(j => j.Result is not null))
            {
                console.Write(new Rule($"[bold]{Markup.Escape(job.Name)}[/]").LeftJustified());
                WriteResult(console, job.Result);
            }
        }

        if (batch.Comparison is { Rows.Count: > 0 } comparison)
        {
            console.Write(new Rule("[bold]Model comparison[/]").LeftJustified());
            ConsoleTables.Write(console, Comparison(comparison));
        }
        else if (!batch.Completed)
        {
            console.MarkupLine("[grey]the comparison follows when every job has ended[/]");
        }
    }

    /// <summary>Every table of one result: coefficients, posterior summaries, statistics, fit, diagnostics, warnings.</summary>
    public static void WriteResult(IAnsiConsole console, FitResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        foreach (var table in Tables(result))
        {
            ConsoleTables.Write(console, table);
        }

        foreach (var warning in result.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }
    }

    /// <summary>The tables of one result, in reading order.</summary>
    public static IReadOnlyList<TextTable> Tables(FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tables = new List<TextTable>();
        var title = $"{(result.Description.Length > 0 ? result.Description : result.Model)}, k = {result.K}";
        if (result.Coefficients.Count > 0)
        {
            tables.Add(new TextTable(
                $"Coefficients: {title}",
                ["", "estimate", "SE", "statistic", "p", "CI", "df"],
                result.Coefficients.Select(c => Row(c.Name, Fixed(c.Estimate), Fixed(c.Se), Fixed(c.Statistic, 2), PValue(c.PValue), Interval(c.CiLower, c.CiUpper), c.Df > 0 ? Fixed(c.Df, 1) : "–")).ToArray()));
        }

        if (result.Parameters.Count > 0)
        {
            tables.Add(new TextTable(
                $"Posterior: {title}",
                ["", "mean", "sd", "median", "CrI", "HPD", "R-hat", "ESS bulk"],
                result.Parameters.Select(p => Row(
                    p.Name, Fixed(p.Mean), Fixed(p.Sd), Fixed(p.Median), Interval(p.Lower, p.Upper),
                    p.HasHpdLower ? Interval(p.HpdLower, p.HpdUpper) : "–",
                    p.HasRhat ? Fixed(p.Rhat) : "–", p.HasEssBulk ? Whole(p.EssBulk) : "–")).ToArray()));
        }

        tables.AddRange(FitResultTables.Of(result));

        var facts = Facts(result);
        if (facts.Count > 0)
        {
            tables.Add(new TextTable("Fit and diagnostics", ["", "value"], facts));
        }

        if (result.Engine == "effect_sizes" && result.EffectSizes is { } effects)
        {
            tables.Add(new TextTable(
                $"Effect sizes ({effects.Measure})",
                ["effect", "yi", "vi"],
                effects.Yi.Select((y, i) => Row((i + 1).ToString(CultureInfo.InvariantCulture), Fixed(y, 4), Fixed(effects.Vi[i], 4))).ToArray()));
        }

        return tables;
    }

    /// <summary>One line per job of a batch: state, main estimate or failure.</summary>
    public static TextTable Overview(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new TextTable(
            $"Batch {batch.BatchId}",
            ["model", "state", "job", "main estimate or failure"],
            batch.Jobs.Select(j => Row(j.Name, State(j.State), j.JobId, j.Failure is { } f ? Failure(f) : j.Result is { } r ? Summary(r) : "–")).ToArray());
    }

    /// <summary>The batch's comparison table.</summary>
    public static TextTable Comparison(ComparisonTable comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new TextTable(
            comparison.ReferenceModel.Length > 0 ? $"Bayes factors against {comparison.ReferenceModel}" : "Comparison",
            ["model", "log ML", "log BF", "P(model)", "ELPD-LOO", "ΔELPD", "AIC", "BIC"],
            comparison.Rows.Select(r => r.Missing
                ? Row(r.Name, "no result", "–", "–", "–", "–", "–", "–")
                : Row(
                    r.Name,
                    Fixed(Optional(r.HasLogMarginalLikelihood, r.LogMarginalLikelihood), 2),
                    Fixed(Optional(r.HasLogBayesFactor, r.LogBayesFactor), 2),
                    Fixed(Optional(r.HasPosteriorProbability, r.PosteriorProbability)),
                    r.HasElpdLoo ? $"{Fixed(r.ElpdLoo, 2)} ({Fixed(Optional(r.HasElpdLooSe, r.ElpdLooSe), 2)})" : "–",
                    Fixed(Optional(r.HasElpdLooDifference, r.ElpdLooDifference), 2),
                    Fixed(Optional(r.HasAic, r.Aic), 2),
                    Fixed(Optional(r.HasBic, r.Bic), 2))).ToArray());
    }

    /// <summary>The result's headline: the first coefficient or parameter with its interval, or the first statistics.</summary>
    public static string Summary(FitResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Coefficients.Count > 0)
        {
            var c = result.Coefficients[0];
            return $"{c.Name} = {Fixed(c.Estimate)} {Interval(c.CiLower, c.CiUpper)}";
        }

        if (result.Parameters.Count > 0)
        {
            var p = result.Parameters[0];
            return $"{p.Name} = {Fixed(p.Mean)} {Interval(p.Lower, p.Upper)}";
        }

        return result.PublicationBias is { Egger: { } egger }
            ? $"Egger's test p {PValue(egger.PValue)}"
            : $"k = {result.K}";
    }

    /// <summary>The state as a word.</summary>
    public static string State(JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Running => "running",
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        JobState.Cancelled => "cancelled",
        _ => "unknown",
    };

    /// <summary>"kind: message (field)".</summary>
    public static string Failure(JobFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return $"{failure.Kind}: {failure.Message}{(failure.Field.Length > 0 ? $" ({failure.Field})" : string.Empty)}";
    }

    private static List<IReadOnlyList<string>> Facts(FitResult result)
    {
        var facts = new List<IReadOnlyList<string>>();
        void Add(string name, bool has, double value, int decimals = 3)
        {
            if (has)
            {
                facts.Add(Row(name, Fixed(value, decimals)));
            }
        }

        if (result.Fit is { } fit)
        {
            Add("log likelihood", fit.HasLogLikelihood, fit.LogLikelihood, 3);
            Add("AIC", fit.HasAic, fit.Aic, 2);
            Add("BIC", fit.HasBic, fit.Bic, 2);
            Add("log marginal likelihood", fit.HasLogMarginalLikelihood, fit.LogMarginalLikelihood, 3);
            Add("ELPD-LOO", fit.HasElpdLoo, fit.ElpdLoo, 2);
            Add("ELPD-LOO SE", fit.HasElpdLooSe, fit.ElpdLooSe, 2);
        }

        if (result.Diagnostics is { } d)
        {
            Add("integration error", d.HasIntegrationError, d.IntegrationError, 10);
            Add("max R-hat", d.HasMaxRhat, d.MaxRhat, 3);
            Add("min ESS bulk", d.HasMinEssBulk, d.MinEssBulk, 0);
            Add("min ESS tail", d.HasMinEssTail, d.MinEssTail, 0);
            Add("divergences", d.HasDivergences, d.Divergences, 0);
            Add("max tree depth hit", d.HasTreeDepthSaturations, d.TreeDepthSaturations, 0);
            Add("iterations", d.HasIterations, d.Iterations, 0);
            if (d.EBfmi.Count > 0)
            {
                facts.Add(Row("E-BFMI (per chain)", string.Join(", ", d.EBfmi.Select(e => Fixed(e, 2)))));
            }

            facts.AddRange(d.Notes.Select(n => Row("note", n)));
        }

        return facts;
    }

    private static double? Optional(bool has, double value) => has ? value : null;

    private static string[] Row(params string[] cells) => cells;
}
