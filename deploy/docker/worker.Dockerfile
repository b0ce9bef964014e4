# The worker image. Build from the repository root:
#   docker build -f deploy/docker/worker.Dockerfile -t metaanalysis-worker .
# Multi-stage like the server's; the worker uses the ASP.NET Core shared framework (hosting, logging), so it
# runs on the same chiseled, non-root runtime image.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Core/Core.csproj src/Core/
COPY src/Contracts/Contracts.csproj src/Contracts/
COPY src/Analysis/Analysis.csproj src/Analysis/
COPY src/WorkerRuntime/WorkerRuntime.csproj src/WorkerRuntime/
COPY src/Worker/Worker.csproj src/Worker/
RUN dotnet restore src/Worker/Worker.csproj
COPY protos/ protos/
COPY src/Core/ src/Core/
COPY src/Contracts/ src/Contracts/
COPY src/Analysis/ src/Analysis/
COPY src/WorkerRuntime/ src/WorkerRuntime/
COPY src/Worker/ src/Worker/
RUN dotnet publish src/Worker/Worker.csproj --configuration Release --no-restore --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
ENV DOTNET_ENVIRONMENT=Production \
    Logging__Console__FormatterName=json
# Healthy while the worker can reach a ready server (Worker__Server); a worker that cannot just retries.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["dotnet", "MetaAnalysis.Worker.dll", "--health-check"]
ENTRYPOINT ["dotnet", "MetaAnalysis.Worker.dll"]
