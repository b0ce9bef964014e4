using MetaAnalysis.ClientSdk.Polling;

namespace MetaAnalysis.ClientSdk.Tests.Client;

public sealed class EndPollerTests
{
    [Fact]
    public void Pause_DoublesFromTheFirstUpToTheCap()
    {
        var poller = new EndPoller(new MetaAnalysisClientOptions { ResultPollInterval = TimeSpan.FromMilliseconds(250), MaxResultPollInterval = TimeSpan.FromSeconds(1) });

        Assert.Equal(
            [250.0, 500, 1000, 1000],
            Enumerable.Range(1, 4).Select(poll => poller.Pause(poll).TotalMilliseconds));
    }
}
