# syntax=docker/dockerfile:1
# Build: docker build -t newswatcher .
# Run:   docker run --rm -v "$PWD/config:/app/config:ro" -v nw-data:/app/data -v nw-outbox:/app/outbox newswatcher

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first so the package layer is cached across source edits.
COPY global.json Directory.Build.props Directory.Packages.props NewsWatcher.sln ./
COPY src/NewsWatcher.Core/NewsWatcher.Core.csproj src/NewsWatcher.Core/
COPY src/NewsWatcher/NewsWatcher.csproj src/NewsWatcher/
RUN dotnet restore src/NewsWatcher/NewsWatcher.csproj
COPY src/ src/
# The shipped templates are compiled in as the built-in defaults.
COPY config/templates/ config/templates/
# The same publish the README documents: framework-dependent, Release.
RUN dotnet publish src/NewsWatcher/NewsWatcher.csproj -c Release -o /app/publish --no-restore

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS final
WORKDIR /app
COPY --from=build /app/publish ./
COPY config/ ./config/
# Relative paths in config/appsettings.json (./data, ./outbox) resolve against /app.
RUN mkdir -p /app/data /app/outbox && chown -R app:app /app/data /app/outbox
USER app
ENV DOTNET_ENVIRONMENT=Production \
    NEWSWATCHER_CONFIG=/app/config
VOLUME ["/app/data", "/app/outbox"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "NewsWatcher.dll"]
CMD ["run"]
