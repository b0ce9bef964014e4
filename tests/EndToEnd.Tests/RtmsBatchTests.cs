using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;
using MetaAnalysis.Analysis.Fitting;

namespace MetaAnalysis.EndToEnd.Tests;

public sealed class RtmsBatchTests
{
    [Fact]
    public async Task Batch_RtmsExampleOnTwoWorkerProcesses_ResultsAgreeWithTheEnginesRunInProcess()
    {
        using var cluster = new ServiceCluster();
        await cluster.StartServerAsync();
        cluster.StartWorker("worker-1");
        cluster.StartWorker("worker-2");
        using var client = cluster.Client(ServiceCluster.KeyA);
        var data = RtmsExample.Load();
        var models = new (string Name, AnalysisBuilder Analysis)[]
        {
            ("effect sizes", new AnalysisBuilder().EffectSizesOnly()),
            ("small-study tests", new AnalysisBuilder().PublicationBias(egger: true, begg: true, trimAndFill: true, failSafeN: true).Frequentist()),
            ("random effects REML", new AnalysisBuilder().RandomEffects().Frequentist(Tau2Method.Reml, CoefficientTest.KnappHartung)),
            ("meta-regression on group", new AnalysisBuilder().MetaRegression("group").Frequentist(Tau2Method.Reml)),
            ("subgroups by group", new AnalysisBuilder().Subgroups("group").Frequentist(Tau2Method.Reml)),
            ("three-level", new AnalysisBuilder().ThreeLevel().Frequentist(Tau2Method.Reml)),
            ("robust CR2", new AnalysisBuilder().ThreeLevel().Frequentist(Tau2Method.Reml, robust: RobustEstimator.CR2)),
            ("random effects, half-normal(0.5)", new AnalysisBuilder().RandomEffects().ExactBayes().MuPrior(0, 1).TauPrior(ScalePriors.HalfNormal(0.5)).MarginalLikelihood()),
            ("random effects, half-Cauchy(0.3)", new AnalysisBuilder().RandomEffects().ExactBayes().MuPrior(0, 1).TauPrior(ScalePriors.HalfCauchy(0.3)).MarginalLikelihood()),
            ("subgroups by group, exact", new AnalysisBuilder().Subgroups("group").ExactBayes().MuPrior(0, 1).SlopesPrior(0, 1).TauPrior(ScalePriors.HalfNormal(0.5))),
            ("three-level Bayes", new AnalysisBuilder().ThreeLevel().ExactBayes().MuPrior(0, 1).SigmaBetweenPrior(ScalePriors.HalfNormal(0.5)).SigmaWithinPrior(ScalePriors.HalfNormal(0.5)).MarginalLikelihood()),
            // The slope is per pulse: one prior sd is half a standardized mean change over 50,000 pulses.
            ("dose-response on pulses", new AnalysisBuilder().DoseResponse(DoseCurve.Linear).ExactBayes().MuPrior(0, 1).SlopesPrior(0, 1e-5).TauPrior(ScalePriors.HalfNormal(0.5)).MarginalLikelihood()),
            ("Student-t random effects", new AnalysisBuilder().StudentTRandomEffects(4).Nuts(seed: 20240601).MuPrior(0, 1).TauPrior(ScalePriors.HalfNormal(0.5)).Loo()),
            ("random effects, NUTS", new AnalysisBuilder().RandomEffects().Nuts(seed: 7).MuPrior(0, 1).TauPrior(ScalePriors.HalfNormal(0.5)).Loo().Hpd()),
        };
        // Only the models above: the comparison rows and jobs are checked one for one against them.
        var batchBuilder = new BatchBuilder(data).WithPublicationBiasChecks(false);
        foreach (var (name, analysis) in models)
        {
            batchBuilder.Add(name, analysis);
        }

        var handle = await client.SubmitBatchAsync(batchBuilder.Build());
        var events = await TestJobs.CollectAsync(handle.WatchAsync()).WaitAsync(TimeSpan.FromSeconds(120));
        var batch = await client.GetBatchAsync(handle.BatchId);

        Assert.True(events.Zip(events.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence), "sequence numbers increase along the stream");
        Assert.Equal(JobEvent.KindOneofCase.BatchCompleted, events[^1].KindCase);
        Assert.True(batch.Completed);
        Assert.Equal(models.Select(m => m.Name), batch.Comparison.Rows.Select(r => r.Name));
        for (var i = 0; i < models.Length; i++)
        {
            // Fitting is deterministic given the spec, so the workers' results equal the engines run here.
            var job = batch.Jobs[i];
            Assert.True(job.State == JobState.Succeeded, $"{models[i].Name}: {job.State} {job.Failure}");
            Assert.Equal(FitterCatalog.Default.Fit(models[i].Analysis.Build(data), new IgnoredProgress(), default), job.Result);
        }

        var rows = batch.Comparison.Rows;
        var withEvidence = rows.Where(r => r.HasLogMarginalLikelihood).Select(r => r.Name).ToArray();
        Assert.Equal(["random effects, half-normal(0.5)", "random effects, half-Cauchy(0.3)", "three-level Bayes", "dose-response on pulses"], withEvidence);
        Assert.All(rows.Where(r => r.HasLogMarginalLikelihood), r => Assert.Equal(batch.Jobs.Single(j => j.JobId == r.JobId).Result.Fit.LogMarginalLikelihood, r.LogMarginalLikelihood));
        Assert.Equal(1, rows.Where(r => r.HasPosteriorProbability).Sum(r => r.PosteriorProbability), 12);
        Assert.Equal(0, rows.Single(r => r.Name == batch.Comparison.ReferenceModel).LogBayesFactor);
        Assert.Equal(["Student-t random effects", "random effects, NUTS"], rows.Where(r => r.HasElpdLoo).Select(r => r.Name));
        Assert.Contains(rows, r => r.HasElpdLooDifference && r.ElpdLooDifference == 0);
        Assert.Equal(["random effects REML", "meta-regression on group", "three-level", "robust CR2"], rows.Where(r => r.HasAic && r.HasBic).Select(r => r.Name));
        Assert.All(rows, r => Assert.False(r.Missing));
        Assert.Equal(31, batch.Jobs[0].Result.EffectSizes.Yi.Count);
    }

    private sealed class IgnoredProgress : IFitObserver
    {
        public void Progress(double fraction, string message)
        {
        }

        public void PartialSummary(IReadOnlyList<PosteriorParameter> parameters, long draws)
        {
        }

        public void Diagnostics(FitDiagnostics diagnostics)
        {
        }
    }
}
