using NewsWatcher.Cli;
using NewsWatcher.Configuration;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Cli;

/// <summary><c>check</c>'s channel report: where each secret comes from, never what it is; unreadable or malformed secrets are file:line errors.</summary>
public sealed class ChannelCheckTests : IDisposable
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly string _config = TempDirectory.Create("channel-check");

    [Fact]
    public void Print_ChannelsWithGoodBadAndMissingSecrets_MasksValuesReportsProblemsWithTheirLine()
    {
        File.WriteAllText(Path.Combine(_config, "feeds.yaml"), "feeds:\n  - id: wire\n    url: wire.xml\n");
        File.WriteAllText(Path.Combine(_config, "watches.yaml"), "watches:\n  - id: truce\n    name: Truce\n    category: other\n    any: [truce]\n");
        File.WriteAllText(Path.Combine(_config, "hook"), Secret);
        File.WriteAllText(Path.Combine(_config, "bad-hook"), "not-a-secret");
        File.WriteAllText(Path.Combine(_config, "subscribers.yaml"), $$"""
            subscribers:
              - email: desk@example.org
                watches: ["*"]
                channels:
                  - {type: webhook, url: "https://hooks.example.org/nw?token=query-secret", secret_file: "{{Path.Combine(_config, "hook")}}"}
                  - {type: webhook, id: bad, url: "https://hooks.example.org/nw", secret_file: "{{Path.Combine(_config, "bad-hook")}}"}
                  - {type: slack, url_env: NW_CHANNEL_CHECK_UNSET_VARIABLE}
            """);
        var output = new StringWriter();

        var errors = ChannelCheck.Print(EditorConfigLoader.Load(_config), _config, output);

        var text = output.ToString();
        Assert.Contains("channel desk@example.org/webhook: webhook https://hooks.example.org/nw, secret from file", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret["whsec_".Length..], text, StringComparison.Ordinal);
        Assert.DoesNotContain("query-secret", text, StringComparison.Ordinal);
        Assert.Equal(2, errors.Count);
        Assert.Equal(6, errors[0].Line);
        Assert.Contains("not a Standard Webhooks secret", errors[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-secret", errors[0].ToString(), StringComparison.Ordinal);
        Assert.Equal(7, errors[1].Line);
        Assert.Contains("environment variable NW_CHANNEL_CHECK_UNSET_VARIABLE is empty or not set", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ChannelsOnPrivateAddressesOrNamesResolvingToThem_FailsNamingTheSettingAndLine()
    {
        var work = Path.Combine(_config, "work");
        var config = Path.Combine(work, "config");
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(config, "feeds.yaml"), "feeds:\n  - id: wire\n    url: wire.xml\n");
        File.WriteAllText(Path.Combine(config, "watches.yaml"), "watches:\n  - id: truce\n    name: Truce\n    category: other\n    any: [truce]\n");
        File.WriteAllText(Path.Combine(config, "hook"), Secret);
        var hook = Path.Combine(config, "hook").Replace("\\", "/", StringComparison.Ordinal);

        // A LAN webhook, a self-hosted ntfy on a documentation-range address, and this machine's own name.
        File.WriteAllText(Path.Combine(config, "subscribers.yaml"), $$"""
            subscribers:
              - email: desk@example.org
                watches: ["*"]
                channels:
                  - {type: webhook, url: "http://192.168.1.20:8080/hook", secret_file: "{{hook}}"}
                  - {type: ntfy, server: "http://198.51.100.7", topic: desk}
                  - {type: webhook, id: own, url: "http://{{System.Net.Dns.GetHostName()}}:9/hook", secret_file: "{{hook}}"}
            """);

        // CliProcess allows private networks for every other test; the command line wins over that.
        var refused = await CliProcess.RunAsync(work, "check", "--Fetch:AllowPrivateNetworks=false");
        var allowed = await CliProcess.RunAsync(work, "check", "--Fetch:AllowPrivateNetworks=true");

        Assert.Equal(2, refused.ExitCode);
        Assert.DoesNotContain("configuration OK", refused.Stdout, StringComparison.Ordinal);
        var errors = refused.Stderr.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.Contains("set Fetch:AllowPrivateNetworks=true to allow", e, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("subscribers.yaml:5", StringComparison.Ordinal) && e.Contains("192.168.1.20 is not a public address (private)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("subscribers.yaml:6", StringComparison.Ordinal) && e.Contains("198.51.100.7 is not a public address (documentation, TEST-NET-2)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("subscribers.yaml:7", StringComparison.Ordinal) && e.Contains($"{System.Net.Dns.GetHostName()} resolves to ", StringComparison.Ordinal));
        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
        Assert.Contains("configuration OK", allowed.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_config);
}
