namespace MetaAnalysis.Core.Tests.Bayesian.Exact;

/// <summary>Published data sets used by the exact-engine tests.</summary>
internal static class ReferenceData
{
    /// <summary>Eight schools (Rubin 1981): estimated effects.</summary>
    public static readonly double[] SchoolsY = [28, 8, -3, 7, -1, 1, 18, 12];

    /// <summary>Eight schools: squared standard errors.</summary>
    public static readonly double[] SchoolsV = [225, 100, 256, 121, 81, 121, 100, 324];

    /// <summary>BCG vaccine trials (metadat::dat.bcg), log risk ratios from escalc(measure = "RR").</summary>
    public static readonly double[] BcgY =
    [
        -0.889311333920205, -1.58538865720143, -1.34807314829969, -1.44155119002131, -0.217547322211296, -0.786115585818864,
        -1.62089822359839, 0.0119523335238405, -0.469417648738149, -1.37134480347278, -0.339358828338391, 0.445913400571379,
        -0.0173139482168798,
    ];

    /// <summary>BCG: sampling variances.</summary>
    public static readonly double[] BcgV =
    [
        0.325584765003961, 0.194581121398144, 0.415367965367965, 0.0200100319022476, 0.0512101721696309, 0.00690561845590876,
        0.223017247572315, 0.00396157929781773, 0.056434210463249, 0.0730247936130289, 0.0124122139715597, 0.532505845200153,
        0.0714046596839863,
    ];

    /// <summary>BCG: absolute latitude of the trial.</summary>
    public static readonly double[] BcgLatitude = [44, 55, 42, 52, 13, 44, 19, 13, 27, 42, 18, 33, 33];

    /// <summary>metadat::dat.konstantopoulos2011, the first five districts (19 schools): effects.</summary>
    public static readonly double[] SchoolsInDistrictsY = [-0.18, -0.22, 0.23, -0.3, 0.13, -0.26, 0.19, 0.32, 0.45, 0.38, 0.29, 0.16, 0.65, 0.36, 0.6, 0.08, 0.04, 0.19, -0.06];

    /// <summary>The same schools: sampling variances.</summary>
    public static readonly double[] SchoolsInDistrictsV = [0.118, 0.118, 0.144, 0.144, 0.014, 0.014, 0.015, 0.024, 0.023, 0.043, 0.012, 0.02, 0.004, 0.004, 0.007, 0.019, 0.007, 0.005, 0.004];

    /// <summary>The same schools: districts.</summary>
    public static readonly string[] SchoolsInDistricts = ["11", "11", "11", "11", "12", "12", "12", "12", "18", "18", "18", "27", "27", "27", "27", "56", "56", "56", "56"];

    /// <summary>A one-column design of ones.</summary>
    public static double[,] Ones(int k)
    {
        var x = new double[k, 1];
        for (var i = 0; i < k; i++)
        {
            x[i, 0] = 1;
        }

        return x;
    }
}
