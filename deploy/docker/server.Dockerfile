# The server image. Build from the repository root:
#   docker build -f deploy/docker/server.Dockerfile -t metaanalysis-server .
# Multi-stage: the SDK image restores and publishes; the runtime image is the chiseled (distroless,
# shell-less) ASP.NET Core image, which runs as the non-root user "app".

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so that the package layer is cached across source edits.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Core/Core.csproj src/Core/
COPY src/Contracts/Contracts.csproj src/Contracts/
COPY src/Analysis/Analysis.csproj src/Analysis/
COPY src/WorkerRuntime/WorkerRuntime.csproj src/WorkerRuntime/
COPY src/Server/Server.csproj src/Server/
RUN dotnet restore src/Server/Server.csproj
COPY protos/ protos/
COPY src/Core/ src/Core/
COPY src/Contracts/ src/Contracts/
COPY src/Analysis/ src/Analysis/
COPY src/WorkerRuntime/ src/WorkerRuntime/
COPY src/Server/ src/Server/
RUN dotnet publish src/Server/Server.csproj --configuration Release --no-restore --output /app \
 && mkdir -p /data

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# The SQLite store's folder (used only with Service__Store=sqlite), writable by the non-root user.
COPY --from=build --chown=$APP_UID:$APP_UID /data /data
USER $APP_UID
ENV Urls=http://+:5080 \
    Service__DashboardUrl=http://+:5081 \
    DOTNET_ENVIRONMENT=Production \
    ASPNETCORE_ENVIRONMENT=Production \
    Logging__Console__FormatterName=json \
    Service__DatabasePath=/data/metaanalysis.db
# 5080: gRPC (h2c); 5081: the web dashboard (HTTP/1.1).
EXPOSE 5080 5081
VOLUME /data
# Asks the server's own grpc.health.v1 service for "readiness" (the job store answers); no probe binary needed.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["dotnet", "MetaAnalysis.Server.dll", "--health-check"]
ENTRYPOINT ["dotnet", "MetaAnalysis.Server.dll"]
