# syntax=docker/dockerfile:1
# Build: docker build -t newswatcher .
# Run:   docker compose up   (see compose.yaml and docs/operations.md#the-container)
#
# Base images are pinned to a patch release; bump both together (the SDK's feature band must satisfy global.json).

FROM mcr.microsoft.com/dotnet/sdk:10.0.401 AS build
WORKDIR /src
# Restore first so the package layer is cached across source edits.
# The build's own rules come too: the style (.editorconfig) and the banned APIs (BannedSymbols.txt) fail the build as in CI.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig NewsWatcher.sln ./
COPY src/NewsWatcher.Core/NewsWatcher.Core.csproj src/NewsWatcher.Core/
COPY src/NewsWatcher/NewsWatcher.csproj src/NewsWatcher/
RUN dotnet restore src/NewsWatcher/NewsWatcher.csproj
COPY src/ src/
# The shipped templates are compiled in as the built-in defaults.
COPY config/templates/ config/templates/
# The exact publish the shutdown test runs (tests/NewsWatcher.Tests/Infrastructure/PublishedApp.cs checks this line).
RUN dotnet publish src/NewsWatcher/NewsWatcher.csproj -c Release --no-restore -o /app/publish

# ASP.NET Core runtime: the worker hosts a small Kestrel listener (health, readiness, metrics, status page).
FROM mcr.microsoft.com/dotnet/aspnet:10.0.12 AS final
WORKDIR /app
COPY --from=build /app/publish ./
COPY config/ ./config/
# The only writable paths: the embedded store (no Redis set), the .eml outbox (no SMTP host set), and /tmp.
# Everything else can be a read-only root filesystem.
RUN mkdir -p /app/data /app/outbox && chown "$APP_UID" /app/data /app/outbox
USER $APP_UID
ENV DOTNET_ENVIRONMENT=Production \
    NEWSWATCHER_CONFIG=/app/config \
    Http__BindAddress=0.0.0.0 \
    Http__Port=8080 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
VOLUME ["/app/data", "/app/outbox"]
# The app asks its own /healthz: no curl or wget in the image.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["dotnet", "/app/NewsWatcher.dll", "health"]
# SIGTERM: no new polls, in-flight sends finish and are acknowledged, exit 0 within Host:ShutdownTimeout (30 s by default;
# give the container a longer grace period, e.g. docker stop -t 40 or compose's stop_grace_period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "/app/NewsWatcher.dll"]
CMD ["run"]
