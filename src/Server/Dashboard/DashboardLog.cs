namespace MetaAnalysis.Server.Dashboard;

/// <summary>The dashboard's log messages (and their log category).</summary>
internal sealed partial class DashboardLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Dashboard sign-in for tenant {Tenant}")]
    public static partial void SignedIn(ILogger logger, string tenant);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Dashboard sign-in with an unknown key from {Address}")]
    public static partial void Rejected(ILogger logger, string address);
}
