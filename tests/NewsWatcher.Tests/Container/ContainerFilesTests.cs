using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Testing;
using YamlDotNet.RepresentationModel;

namespace NewsWatcher.Tests.Container;

/// <summary>The Dockerfile and compose.yaml at the root: validated by docker-compose itself and checked for what ops rely on.</summary>
public sealed partial class ContainerFilesTests
{
    private static readonly string Root = Corpus.RepositoryRoot;
    private static readonly string[] ComposeBinaries = ["/usr/bin/docker-compose", "/usr/local/bin/docker-compose"];

    [Fact]
    public void Dockerfile_PublishesExactlyAsTheTestsDo()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));

        Assert.Contains("RUN dotnet restore src/NewsWatcher/NewsWatcher.csproj\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"RUN dotnet {PublishedApp.PublishArguments} /app/publish\n", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_CopiesEveryRootFileTheBuildReads()
    {
        // The image builds from a context without tests/; a root file the build reads but the Dockerfile leaves out
        // (BannedSymbols.txt, .editorconfig) fails the image build or builds it under other rules.
        var copied = File.ReadAllLines(Path.Combine(Root, "Dockerfile"))
            .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && l.EndsWith(" ./", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToHashSet(StringComparer.Ordinal);
        var read = RootFileReference().Matches(File.ReadAllText(Path.Combine(Root, "Directory.Build.props")))
            .Select(m => m.Groups[1].Value)
            .Append(".editorconfig")
            .Append("Directory.Packages.props")
            .Append("global.json")
            .ToList();

        Assert.Contains("BannedSymbols.txt", read);
        Assert.All(read, file => Assert.True(copied.Contains(file), $"the Dockerfile does not copy {file}, which the build reads"));
        Assert.All(read, file => Assert.True(File.Exists(Path.Combine(Root, file)), $"{file} is missing at the root"));
    }

    [GeneratedRegex(@"\$\(MSBuildThisFileDirectory\)([^""/;]+)""")]
    private static partial Regex RootFileReference();

    [Fact]
    public void Dockerfile_PinnedNonRootWithHealthcheckAndStopSignal()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "Dockerfile"));

        var bases = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, bases.Count);
        Assert.All(bases, line => Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/(sdk|aspnet):\d+\.\d+\.\d+ AS \w+$", line));
        Assert.Contains("USER $APP_UID", lines);
        Assert.Contains(lines, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && l.EndsWith("CMD [\"dotnet\", \"/app/NewsWatcher.dll\", \"health\"]", StringComparison.Ordinal));
        Assert.Contains("STOPSIGNAL SIGTERM", lines);
        Assert.Contains(lines, l => l.Contains("Http__BindAddress=0.0.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compose_DockerComposeConfig_ThreeReplicasOnPostgresWithReadOnlyRootSecretsHealthChecksAndGracePeriod()
    {
        var (exitCode, output, errors) = await DockerComposeAsync("-f", "compose.yaml", "config");
        Assert.True(exitCode == 0, errors);
        var quiet = await DockerComposeAsync("-f", "compose.yaml", "config", "-q");
        Assert.True(quiet.ExitCode == 0, quiet.Errors);

        var yaml = new YamlStream();
        yaml.Load(new StringReader(output));
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        string[] replicas = ["newswatcher-1", "newswatcher-2", "newswatcher-3"];
        Assert.Equal(["mailpit", .. replicas, "postgres", "redis"], services.Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
        var hostPorts = new List<string>();
        foreach (var name in replicas)
        {
            var app = (YamlMappingNode)services[name];
            Assert.Equal("true", app["read_only"].ToString());
            Assert.Contains("/tmp", ((YamlSequenceNode)app["tmpfs"]).Select(n => n.ToString()));
            Assert.Contains(((YamlSequenceNode)app["volumes"]).Select(n => n.ToString()), v => v.EndsWith("/config:/app/config:ro", StringComparison.Ordinal));
            var environment = (YamlMappingNode)app["environment"];
            Assert.Equal("/run/secrets/redis_password", environment["Storage__PasswordFile"].ToString());
            Assert.Equal("/run/secrets/smtp_password", environment["Smtp__PasswordFile"].ToString());
            Assert.Equal("/run/secrets/postgres_password", environment["Scheduling__PasswordFile"].ToString());
            Assert.Contains("Host=postgres", environment["Scheduling__Database"].ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Password", environment["Scheduling__Database"].ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(environment.Children, e => e.Key.ToString().EndsWith("__Password", StringComparison.Ordinal));
            Assert.Contains("health", string.Join(' ', ((YamlSequenceNode)((YamlMappingNode)app["healthcheck"])["test"]).Select(n => n.ToString())), StringComparison.Ordinal);
            Assert.Equal("service_healthy", ((YamlMappingNode)((YamlMappingNode)app["depends_on"])["postgres"])["condition"].ToString());

            var shutdown = TimeSpan.Parse(environment["Host__ShutdownTimeout"].ToString(), CultureInfo.InvariantCulture);
            var grace = ComposeDuration(app["stop_grace_period"].ToString());
            Assert.True(grace > shutdown, $"stop_grace_period {grace} must exceed Host__ShutdownTimeout {shutdown}");
            hostPorts.AddRange(((YamlSequenceNode)app["ports"]).Select(n => n.ToString()));
        }

        // Each replica's status page on a port of its own, on loopback only.
        Assert.Equal(3, hostPorts.Distinct(StringComparer.Ordinal).Count());
        Assert.All(hostPorts, p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));

        var postgres = (YamlMappingNode)services["postgres"];
        Assert.Equal("/run/secrets/postgres_password", ((YamlMappingNode)postgres["environment"])["POSTGRES_PASSWORD_FILE"].ToString());
        Assert.Contains("pg_isready", string.Join(' ', ((YamlSequenceNode)((YamlMappingNode)postgres["healthcheck"])["test"]).Select(n => n.ToString())), StringComparison.Ordinal);
        Assert.Contains(((YamlSequenceNode)postgres["volumes"]).Select(n => n.ToString()), v => v.EndsWith(":/var/lib/postgresql/data:rw", StringComparison.Ordinal));

        // Pinned images (PostgreSQL's patch releases are major.minor: 17.2), never a moving tag such as latest.
        var redis = (YamlMappingNode)services["redis"];
        Assert.Contains("--appendonly yes", string.Join(' ', ((YamlSequenceNode)redis["command"]).Select(n => n.ToString())), StringComparison.Ordinal);
        Assert.Contains(((YamlSequenceNode)redis["volumes"]).Select(n => n.ToString()), v => v.EndsWith(":/data:rw", StringComparison.Ordinal));
        Assert.All(services.Children.Values.Cast<YamlMappingNode>(), s => Assert.Matches(@":(v?\d+\.\d+(\.\d+)?(-\w+)?|local)$", s["image"].ToString()));
    }

    /// <summary>Compose durations such as 40s, 1m30s.</summary>
    private static TimeSpan ComposeDuration(string text)
    {
        var match = ComposeDurationPattern().Match(text);
        Assert.True(match.Success, $"'{text}' is not a compose duration");
        return TimeSpan.FromMinutes(match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0)
            + TimeSpan.FromSeconds(match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> DockerComposeAsync(params string[] args)
    {
        var binary = ComposeBinaries.FirstOrDefault(File.Exists);
        if (binary is null)
        {
            Assert.Skip("docker-compose is not installed (apt-get install docker-compose; .ci/run installs it).");
        }

        var start = new ProcessStartInfo(binary) { WorkingDirectory = Root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await errors);
    }

    [GeneratedRegex(@"^(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$")]
    private static partial Regex ComposeDurationPattern();
}
