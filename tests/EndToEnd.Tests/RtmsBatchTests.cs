using MetaAnalysis.ClientSdk.Builders;
using MetaAnalysis.Contracts.V1;
using MetaAnalysis.EndToEnd.Tests.Infrastructure;
using MetaAnalysis.Worker.Fitting;

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
            ("small-study tests", new AnalysisBuilder().PublicationBias(egger: true, begg: true, failSafeN: true).Frequentist()),
            ("random effects REML", new AnalysisBuilder().RandomEffects().Frequentist("REML", "knha")),
            ("meta-regression on group", new AnalysisBuilder().MetaRegression("group").Frequentist("REML")),
            ("three-level", new AnalysisBuilder().ThreeLevel().Frequentist("REML")),
            ("robust CR2", new AnalysisBuilder().Robust().Frequentist("REML")),
            ("random effects, half-normal(0.5)", new AnalysisBuilder().RandomEffects().ExactBayes().MuPrior(0, 1).TauPrior(ScalePriors.HalfNormal(0.5)).MarginalLikelihood()),
            ("random effects, half-Cauchy(0.3)", new AnalysisBuilder().RandomEffects().ExactBayes().MuPrior(0, 1).TauPrior(ScalePriors.HalfCauchy(0.3)).MarginalLikelihood()),
            ("three-level Bayes", new AnalysisBuilder().ThreeLevel().ExactBayes().MuPrior(0, 1).SigmaBetweenPrior(ScalePriors.HalfNormal(0.5)).SigmaWithinPrior(ScalePriors.HalfNormal(0.5)).MarginalLikelihood()),
            ("dose-response on pulses", new AnalysisBuilder().LinearDoseResponse().ExactBayes().MuPrior(0, 1).TauPrior(ScalePriors.HalfNormal(0.5)).MarginalLikelihood()),
            ("Student-t random effects", new AnalysisBuilder().StudentTRandomEffects(4).Nuts(seed: 20240601).MuPrior(0, 1).TauPrior(ScalePriors.HalfNormal(0.5)).Loo()),
        };
        var batchBuilder = new BatchBuilder(data);
        foreach (var (name, analysis) in models)
        {
            batchBuilder.Add(name, analysis);
        }

        var handle = await client.SubmitBatchAsync(batchBuilder.Build());
        var events = await TestJobs.CollectAsync(handle.WatchAsync()).WaitAsync(TimeSpan.FromSeconds(90));
        var batch = await client.GetBatchAsync(handle.BatchId);

        Assert.True(events.Zip(events.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence), "sequence numbers increase along the stream");
        Assert.Equal(JobEvent.KindOneofCase.BatchCompleted, events[^1].KindCase);
        Assert.True(batch.Completed);
        Assert.Equal(models.Select(m => m.Name), batch.Comparison.Rows.Select(r => r.Name));
        for (var i = 0; i < models.Length; i++)
        {
            var job = batch.Jobs[i];
            var spec = models[i].Analysis.Build(data);
            FitResult? expected = null;
            string? unavailable = null;
            try
            {
                expected = FitterCatalog.Default.Fit(spec, new IgnoredProgress(), default);
            }
            catch (EngineNotAvailableException exception)
            {
                unavailable = exception.Message;
            }

            if (expected is not null)
            {
                Assert.True(job.State == JobState.Succeeded, $"{models[i].Name}: {job.State} {job.Failure}");
                Assert.Equal(expected, job.Result);
                Assert.False(batch.Comparison.Rows[i].Missing);
            }
            else
            {
                Assert.Equal(JobState.Failed, job.State);
                Assert.Equal("engine_not_available", job.Failure.Kind);
                Assert.Equal(unavailable, job.Failure.Message);
                Assert.True(batch.Comparison.Rows[i].Missing);
            }
        }

        Assert.Equal(31, batch.Jobs[0].Result.EffectSizes.Yi.Count);
    }

    private sealed class IgnoredProgress : IFitObserver
    {
        public void Progress(double fraction, string message)
        {
        }

        public void PartialSummary(IReadOnlyList<ParameterSummary> parameters, long draws)
        {
        }

        public void Diagnostics(Diagnostics diagnostics)
        {
        }
    }
}
