using MetaAnalysis.Reports.Html;

namespace MetaAnalysis.Reports.Tests;

public class HtmlTableTests
{
    [Theory]
    [InlineData("log likelihood, AIC and BIC are restricted (REML): compare them only between models with the same coefficients", true)]
    [InlineData("standard errors: CR2 cluster-robust on 10 clusters, t tests with Satterthwaite degrees of freedom", true)]
    [InlineData("56.99 on 30 df, p = 0.0021", false)]
    [InlineData("0.0658 (SE 0.0384) [0.020, 0.253]", false)]
    [InlineData("37.42 / 40.22 / 37.86", false)]
    [InlineData("responder", false)]
    public void IsProse_SentencesAreLeftAlignedFiguresAreNot(string cell, bool prose) =>
        Assert.Equal(prose, HtmlReport.IsProse(cell));
}
